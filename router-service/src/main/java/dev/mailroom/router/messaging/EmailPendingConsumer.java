package dev.mailroom.router.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.repository.SendLedger;
import dev.mailroom.router.service.SendPipeline;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Kafka adapter for pending email: takes a batch of records, dead-letters the unusable ones, sends the rest. */
@ApplicationScoped
public class EmailPendingConsumer {

    /** The worker pool of pending batches; its size is configuration. */
    static final String PENDING_BATCHES_POOL = "pending-batches";

    private final SendPipeline pipeline;
    private final DeadLetters deadLetters;
    private final ObjectReader emailReader;
    private final RouterConfig config;
    private final PendingSpans spans;

    public EmailPendingConsumer(SendPipeline pipeline, DeadLetters deadLetters, ObjectMapper objectMapper,
            RouterConfig config, PendingSpans spans) {
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.emailReader = objectMapper.readerFor(EmailPending.class);
        this.config = config;
        this.spans = spans;
    }

    /**
     * Blocking, and not ordered: while one batch waits for the database, the next one's mail is already going out
     * over the SMTP connections. Emails are independent (SMTP promises no order), and the commit strategy still
     * commits an offset only once every record before it is done. A batch's offsets are committed only after this
     * returns, that is after every outcome is recorded (or scheduled for retry in the ledger) and every dead letter
     * acknowledged. A failure (the
     * database away) re-runs the whole batch: the ledger claims only emails it has never seen and the outcome
     * journal records what was already sent, so a re-run never sends twice.
     * <p>
     * Batches run on a worker pool of their own with a bounded concurrency
     * ({@code smallrye.messaging.worker.pending-batches.max-concurrency}): enough batches to keep every SMTP
     * connection busy while one is claimed and another recorded, and no more. On the shared worker pool a backlog
     * was claimed as fast as Kafka delivered it (18,000 claims held at once in the benchmark, whose lease renewal
     * then outran its transaction timeout), while the SMTP connections could only work through a few hundred. The
     * connector pauses the partitions while the pool is busy, so the rest of the backlog stays in Kafka, unclaimed,
     * for any router of the group.
     */
    @Incoming(Topics.EMAIL_PENDING)
    @Blocking(value = PENDING_BATCHES_POOL, ordered = false)
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200)
    public void consume(ConsumerRecords<String, String> records) {
        List<SendLedger.NewSend> sends = new ArrayList<>(records.count());
        List<DeadLetters.Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            spans.received(record);
            PendingRecords.Verdict verdict = PendingRecords.read(record, emailReader, config.messageIdDomain());
            if (verdict.send() != null) {
                sends.add(verdict.send());
            } else {
                rejected.add(new DeadLetters.Rejected(record, verdict.rejection()));
            }
        }
        deadLetters.publishAll(rejected);
        if (!sends.isEmpty()) {
            pipeline.sendNew(sends);
        }
    }
}
