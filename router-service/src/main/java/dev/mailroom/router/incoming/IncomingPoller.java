package dev.mailroom.router.incoming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.jboss.logging.Logger;

import dev.mailroom.eventing.secrets.CredentialSeal;
import dev.mailroom.events.IncomingAttachment;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.config.RouterConfig.TlsMode;
import dev.mailroom.router.mailbox.ApprovalPolicy;
import dev.mailroom.router.service.RouterIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Polls server-side mailboxes (incoming delivery method 2, an incoming server in the profile) over IMAP or POP3 and
 * publishes one {@link IncomingEmailReceived} per new message. Every router runs one; a mailbox is polled by the
 * router holding its lease, and each chunk of events commits with the checkpoint that covers it (IMAP UIDVALIDITY
 * and UID, POP3 UIDLs), so a message is published once however often routers die or restart. Mailboxes are opened
 * read-only: the server keeps its mail; Mailroom never deletes it.
 */
@ApplicationScoped
public class IncomingPoller {

    private static final Logger LOG = Logger.getLogger(IncomingPoller.class);

    private final IncomingCheckpoints checkpoints;
    private final IncomingDeadLetters deadLetters;
    private final IncomingFiles files;
    private final CredentialSeal seal;
    private final RouterConfig.Incoming config;
    private final Optional<String> trust;
    private final RouterIdentity identity;
    private volatile boolean running;
    private Thread thread;

    public IncomingPoller(IncomingCheckpoints checkpoints, IncomingDeadLetters deadLetters, IncomingFiles files,
            CredentialSeal seal, RouterConfig config, RouterIdentity identity) {
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.files = files;
        this.seal = seal;
        this.config = config.incoming();
        this.trust = config.smtp().trust();
        this.identity = identity;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "incoming-poller");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private void run() {
        while (running) {
            try {
                pollDue();
                Thread.sleep(Math.max(200, config.pollInterval().toMillis() / 10));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Incoming poll pass failed, trying again: %s", e.getMessage());
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One pass: lease the mailboxes that are due and poll each; returns how many were polled. */
    public int pollDue() {
        List<PolledMailbox> leased = checkpoints.lease(identity.id(), config.lease(), config.mailboxesPerPass());
        for (PolledMailbox mailbox : leased) {
            String error = null;
            try {
                poll(mailbox);
            } catch (IncomingCheckpoints.LeaseLostException e) {
                LOG.warn(e.getMessage());
                continue;
            } catch (MessagingException | IncomingFiles.RetryLaterException | RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warnf("Polling mailbox %s failed: %s", mailbox.mailboxId(), error);
            }
            checkpoints.release(mailbox.mailboxId(), identity.id(), config.pollInterval(), error);
        }
        return leased.size();
    }

    private void poll(PolledMailbox mailbox) throws MessagingException, IncomingFiles.RetryLaterException {
        IncomingServer server = IncomingServer.of(mailbox.location(), mailbox.port(), mailbox.usesSsl(),
                mailbox.username(), seal.open(mailbox.passwordSealed())).orElseThrow();
        Optional<String> blocked = ApprovalPolicy.blockReason(mailbox.settings());
        Store store = Session.getInstance(properties(server)).getStore(server.store());
        store.connect(server.host(), server.port(), server.username() == null ? mailbox.settings().address()
                : server.username(), server.password() == null ? "" : server.password());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                if (server.isImap()) {
                    pollImap(mailbox, (IMAPFolder) inbox, blocked);
                } else {
                    pollPop3(mailbox, (POP3Folder) inbox, blocked);
                }
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private void pollImap(PolledMailbox mailbox, IMAPFolder inbox, Optional<String> blocked)
            throws MessagingException, IncomingFiles.RetryLaterException {
        long validity = inbox.getUIDValidity();
        // A new UIDVALIDITY renumbers the folder: start over; the derived activity ids keep emails from doubling.
        long after = mailbox.uidValidity() != null && mailbox.uidValidity() == validity ? mailbox.lastUid() : 0;
        Message[] found = inbox.getMessagesByUID(after + 1, UIDFolder.LASTUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(found, profile);
        // "n:*" always answers the last message, even when its UID is below n.
        List<Message> fresh = Arrays.stream(found).filter(m -> uid(inbox, m) > after)
                .limit(config.maxMessagesPerPoll()).toList();
        long lastUid = after;
        for (int start = 0; start < fresh.size(); start += config.chunkSize()) {
            List<Message> chunk = fresh.subList(start, Math.min(fresh.size(), start + config.chunkSize()));
            List<IncomingEmailReceived> events = new ArrayList<>();
            List<IncomingDeadLetters.Unreadable> unreadable = new ArrayList<>();
            IncomingFiles.RetryLaterException stopped = null;
            for (Message message : chunk) {
                long uid = uid(inbox, message);
                try {
                    read(mailbox, message, validity + "/" + uid, blocked, unreadable).ifPresent(events::add);
                } catch (IncomingFiles.RetryLaterException e) {
                    stopped = e; // the checkpoint stays before this message: the next poll reads it again
                    break;
                }
                lastUid = Math.max(lastUid, uid);
            }
            deadLetters.publishAll(unreadable);
            long checkpoint = lastUid;
            commit(events, () -> checkpoints.commitImap(mailbox.mailboxId(), identity.id(), validity, checkpoint,
                    events));
            if (stopped != null) {
                throw stopped;
            }
        }
        if (fresh.isEmpty() && mailbox.uidValidity() == null) {
            checkpoints.commitImap(mailbox.mailboxId(), identity.id(), validity, after, List.of());
        }
    }

    private void pollPop3(PolledMailbox mailbox, POP3Folder inbox, Optional<String> blocked)
            throws MessagingException, IncomingFiles.RetryLaterException {
        Message[] all = inbox.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        inbox.fetch(all, profile);
        Set<String> seen = checkpoints.seenUidls(mailbox.mailboxId());
        List<String> onServer = new ArrayList<>();
        List<Message> fresh = new ArrayList<>();
        for (Message message : all) {
            String uidl = inbox.getUID(message);
            onServer.add(uidl);
            if (!seen.contains(uidl) && fresh.size() < config.maxMessagesPerPoll()) {
                fresh.add(message);
            }
        }
        for (int start = 0; start < fresh.size(); start += config.chunkSize()) {
            List<Message> chunk = fresh.subList(start, Math.min(fresh.size(), start + config.chunkSize()));
            List<IncomingEmailReceived> events = new ArrayList<>();
            List<IncomingDeadLetters.Unreadable> unreadable = new ArrayList<>();
            List<String> uidls = new ArrayList<>();
            IncomingFiles.RetryLaterException stopped = null;
            for (Message message : chunk) {
                String uidl = inbox.getUID(message);
                try {
                    read(mailbox, message, uidl, blocked, unreadable).ifPresent(events::add);
                } catch (IncomingFiles.RetryLaterException e) {
                    stopped = e; // this UIDL is not remembered: the next poll reads the message again
                    break;
                }
                uidls.add(uidl);
            }
            deadLetters.publishAll(unreadable);
            commit(events, () -> checkpoints.commitPop3(mailbox.mailboxId(), identity.id(), uidls, events));
            if (stopped != null) {
                throw stopped;
            }
        }
        checkpoints.forgetUidlsExcept(mailbox.mailboxId(), onServer);
    }

    /**
     * The message's event, its files stored in attachment-service; or nothing when the mailbox is blocked, or when
     * the message is unreadable (then a dead letter).
     *
     * @throws IncomingFiles.RetryLaterException a file cannot be stored now: the message is left for a later poll
     */
    private Optional<IncomingEmailReceived> read(PolledMailbox mailbox, Message message, String serverKey,
            Optional<String> blocked, List<IncomingDeadLetters.Unreadable> unreadable)
            throws IncomingFiles.RetryLaterException {
        if (blocked.isPresent()) {
            // Dataverse creates no email for a mailbox that is not approved; the checkpoint still moves past it.
            LOG.infof("Mailbox %s is not approved; message %s not delivered", mailbox.mailboxId(), serverKey);
            return Optional.empty();
        }
        List<IncomingAttachment> stored = List.of();
        try {
            stored = files.store(message);
            return Optional.of(IncomingMessages.read(mailbox.mailboxId(), message, serverKey, config.maxBodyChars(),
                    stored));
        } catch (IncomingFiles.RetryLaterException e) {
            LOG.warnf("Message %s of mailbox %s is left for the next poll: %s", serverKey, mailbox.mailboxId(),
                    e.getMessage());
            throw e;
        } catch (MessagingException | java.io.IOException | RuntimeException e) {
            // Polling carries on past it: the checkpoint moves on once the dead letter is acknowledged.
            files.release(stored);
            unreadable.add(IncomingDeadLetters.unreadable(mailbox.mailboxId(), serverKey, message, e));
            return Optional.empty();
        }
    }

    /**
     * Commits a chunk; when the lease turned out to be lost nothing was published, so the blob references held for
     * its files are given back (the next router stores them again). Any other failure keeps them: the commit may
     * have happened, and a reference too many only keeps bytes, where one too few would lose a linked file.
     */
    private void commit(List<IncomingEmailReceived> events, Runnable commit) {
        try {
            commit.run();
        } catch (IncomingCheckpoints.LeaseLostException e) {
            events.forEach(event -> files.release(event.attachments()));
            throw e;
        }
    }

    private static long uid(IMAPFolder inbox, Message message) {
        try {
            return inbox.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("No UID for a message: " + e.getMessage(), e);
        }
    }

    private Properties properties(IncomingServer server) {
        String prefix = "mail." + server.store() + ".";
        String timeout = String.valueOf(config.timeout().toMillis());
        Properties properties = new Properties();
        properties.put(prefix + "connectiontimeout", timeout);
        properties.put(prefix + "timeout", timeout);
        if (server.tls() == TlsMode.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        if (!server.isImap()) {
            // POP3 retrieves whole messages: cache each in a temporary file rather than the heap, so that large
            // attachments stream from disk to attachment-service (IMAP fetches parts in chunks by itself).
            properties.put(prefix + "filecache.enable", "true");
        }
        trust.ifPresent(hosts -> properties.put(prefix + "ssl.trust", hosts));
        properties.put(prefix + "ssl.checkserveridentity", String.valueOf(trust.isEmpty()));
        return properties;
    }
}
