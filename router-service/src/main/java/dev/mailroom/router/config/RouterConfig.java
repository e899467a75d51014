package dev.mailroom.router.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** router-service settings (prefix {@code router}); see the service README for how they interact. */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** This router's name in the send ledger; defaults to the host name plus a random suffix. */
    Optional<String> instanceId();

    /** The domain part of generated Message-IDs: {@code <activityid@domain>}. */
    @WithDefault("mailroom.local")
    String messageIdDomain();

    /**
     * How long a claim stands without renewal before the send counts as abandoned. Must exceed
     * {@code router.smtp.timeout}: a router renews its leases every third of this while it sends.
     */
    @WithDefault("2m")
    Duration claimLease();

    /**
     * SMTP attempts for one email before it is reported Failed; a permanent (5xx) refusal fails at once. With the
     * default backoff, 12 attempts ride out a relay that is down for 9 to 18 minutes (the delays double from
     * {@code retry-backoff} up to {@code retry-backoff-max}): a restart or a short outage of the relay drains by
     * itself instead of failing the backlog.
     */
    @WithDefault("12")
    int maxAttempts();

    /**
     * How often an email's claim may be taken over after its router vanished (SIGKILL, crash, a hang past the lease)
     * before it is reported Failed. Each takeover resends with the same Message-ID, so a recipient gets at most one
     * extra copy per vanished router; the bound stops an email that brings down every router that sends it.
     */
    @WithDefault("5")
    int maxTakeovers();

    /** Delay before the first retry after a transient failure; doubled each attempt, with up to 50% jitter. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Upper bound of the retry delay. */
    @WithDefault("5m")
    Duration retryBackoffMax();

    /** How often the retry poller looks for due retries, unknown outcomes and abandoned claims. */
    @WithDefault("1s")
    Duration retryPollInterval();

    /** How many due emails one poller pass claims at most. */
    @WithDefault("200")
    int retryBatchSize();

    /**
     * On shutdown (SIGTERM), how long sends already handed to SMTP may take to finish and be recorded; sends not
     * begun are handed back at once. Keep it below the pod's {@code terminationGracePeriodSeconds} minus its
     * {@code preStop} pause, with room left to commit offsets and close.
     */
    @WithDefault("60s")
    Duration shutdownGrace();

    /**
     * The in-doubt window: how many emails this router may have handed over (final dot of DATA sent) without their
     * outcome durably recorded in the ledger. A send waits just before its final dot until one of these is free; the
     * email's outcome, once committed, frees it. A router killed at any moment therefore leaves at most this many
     * emails that the server may have accepted and that another router will send again (same Message-ID). 1 is
     * strict one-at-a-time (at most one second copy per kill); larger values let the SMTP replies of more sends overlap
     * with the group commit of their outcomes. 64, twice the default connections: the rate a window allows is about
     * the window over the time from a dot to its committed outcome (reply, group linger, commit: 5-8 ms measured), so
     * 16 capped a router near 2,000-3,000 emails/s, below this machine's SMTP ceiling (docs/benchmarks.md, router run
     * 23); see the service README.
     */
    @WithDefault("64")
    int maxUnrecordedSends();

    /**
     * How long the outbox relay is left to gather status reports after an outcome is committed before it is woken
     * (see StatusWakeups). Outcomes are committed in small groups, hundreds a second under load; a relay pass per
     * group cost a lock, a read, a delete and a commit in PostgreSQL and a produce request to Kafka for a handful of
     * reports each. Waking it at most once per this delay lets one pass carry every report committed meanwhile. Each
     * report reaches Kafka up to this much later; nothing else changes (the reports are durable in the outbox from
     * their commit on). 0 wakes the relay after every group.
     */
    @WithDefault("20ms")
    Duration statusRelayDelay();

    /**
     * How long the outcome recorder may wait for more outcomes before it records a group, and only while sends past
     * their final dot (in the in-doubt window) are not yet in the group: their replies are on their way, and one
     * statement and one commit for all of them cost PostgreSQL and the router much less than one per two or three
     * outcomes (run 21: 2.4 outcomes a group without it). Once every send of the window is in the group it is recorded
     * at once: waiting longer would only hold sends at their final dot. Each outcome is recorded up to this much later;
     * nothing else changes. 0: record whatever has arrived at once.
     */
    @WithDefault("2ms")
    Duration outcomeLinger();

    /** The outgoing SMTP server. */
    Smtp smtp();

    /** Polling of server-side mailboxes over POP3 and IMAP (see IncomingPoller). */
    Incoming incoming();

    /** How routers poll incoming mail. */
    interface Incoming {
        /** Whether this router polls at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often one mailbox is polled (by whichever router takes its lease). */
        @WithDefault("30s")
        Duration pollInterval();

        /** How long a router holds a mailbox it polls; another router takes over after it. */
        @WithDefault("2m")
        Duration lease();

        /** Mailboxes one router leases per pass. */
        @WithDefault("20")
        int mailboxesPerPass();

        /** Messages published per transaction (the checkpoint moves with each). */
        @WithDefault("100")
        int chunkSize();

        /** Messages read from one mailbox per poll; the rest wait for the next. */
        @WithDefault("1000")
        int maxMessagesPerPoll();

        /** Longer HTML bodies are cut, so that the event fits Kafka. */
        @WithDefault("500000")
        int maxBodyChars();

        /** Connect and read timeout of POP3 and IMAP. */
        @WithDefault("30s")
        Duration timeout();

        /**
         * Largest file of an incoming message that is stored (bytes, decoded); a larger one is reported as not
         * saved. The default is attachment-service's own limit (130 MiB).
         */
        @WithDefault("136314880")
        long maxAttachmentSize();

        /** How long storing one file in attachment-service may take, until its answer starts. */
        @WithDefault("10m")
        Duration attachmentUploadTimeout();
    }

    /** Per-mailbox send rates, enforced by budgets all routers share (see SendBudget). */
    SendRate sendRate();

    /** Messages per second a sender mailbox may send, across all routers. */
    interface SendRate {
        /** The rate of every mailbox without one of its own; 0 or less: unlimited. */
        @WithDefault("100")
        double perMailbox();

        /** Rates of particular sender addresses (lower case), e.g. {@code router.send-rate.mailboxes."a@b.c"=5}. */
        java.util.Map<String, Double> mailboxes();

        /** How much sending a quiet mailbox saves up: this long at its rate (at least one message). */
        @WithDefault("1s")
        Duration burst();
    }

    /** One SMTP server and how hard the router drives it. */
    interface Smtp {
        /** Host of the SMTP relay; the local run and compose set it through {@code QUARKUS_MAILER_HOST}. */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("25")
        int port();

        /** Envelope sender used when an email has no From. */
        @WithDefault("mailroom@mailroom.local")
        String from();

        Optional<String> username();

        Optional<String> password();

        /** NONE, STARTTLS (required) or TLS (implicit, SMTPS). */
        @WithDefault("NONE")
        TlsMode tls();

        /** Connect, read and write timeout of one SMTP exchange. */
        @WithDefault("30s")
        Duration timeout();

        /** Concurrent sends to this server, each over its own persistent connection. */
        @WithDefault("8")
        int connections();

        /**
         * Hosts whose TLS certificate is trusted without a chain to a trusted root ({@code mail.smtp.ssl.trust}):
         * a space-separated list, {@code *} for all. Unset: the JVM's trust store decides, as it should in production.
         */
        Optional<String> trust();

        /** Messages sent over one connection before it is closed and reopened (some relays limit this). */
        @WithDefault("1000")
        int messagesPerConnection();

        /**
         * Whether MAIL, RCPT and DATA go out together when the server offers PIPELINING (RFC 2920): two round trips
         * per message instead of three or more. Off: one command at a time, for a server that offers it and gets it
         * wrong.
         */
        @WithDefault("true")
        boolean pipelining();
    }

    /** How the SMTP connection is secured. */
    enum TlsMode {
        NONE, STARTTLS, TLS
    }
}
