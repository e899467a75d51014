package dev.mailroom.bulkmail.messaging;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.bulkmail.fanout.PageFanOut;
import dev.mailroom.bulkmail.fanout.UnrenderableJobException;
import dev.mailroom.bulkmail.job.JobEnding;
import dev.mailroom.bulkmail.metrics.BulkMetrics;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.outbox.OutboxPublisher;
import dev.mailroom.events.BulkMailPage;
import dev.mailroom.events.Topics;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Pages of recipients, taken by whichever instance owns the partition. Pages are independent, so several run at
 * once on the worker pool; after a page commits and its events are acknowledged by the broker, the job may be
 * complete. A page that fails (the database or
 * activity-service away, a lock held for long) is retried without a limit, backing off to one attempt every 30 s:
 * the page is idempotent, and giving up would nack it and stop this instance's page channel for good, so that no
 * job could fan out on it again until a restart.
 */
@ApplicationScoped
public class BulkMailPageConsumer {

    /** The log field naming the bulk job a line is about. */
    static final String BULK_JOB_ID = "bulkJobId";

    private static final Logger LOG = Logger.getLogger(BulkMailPageConsumer.class);

    /** Past the producer's delivery timeout (eventing's OutboxPublisher: 25 s): its answer always comes first. */
    private static final long PUBLISH_TIMEOUT_SECONDS = 60;

    private final PageFanOut fanOut;
    private final JobEnding ending;
    private final ObjectMapper objectMapper;
    private final OutboxPublisher publisher;
    private final BulkMetrics metrics;

    public BulkMailPageConsumer(PageFanOut fanOut, JobEnding ending, ObjectMapper objectMapper,
            OutboxPublisher publisher, BulkMetrics metrics) {
        this.fanOut = fanOut;
        this.ending = ending;
        this.objectMapper = objectMapper;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Publishes the page's events, committed a moment ago, and returns once the broker has every one: only then is
     * the page acknowledged (its offset committed). A failure retries the page, which publishes the same events
     * again; so does the page's redelivery after this instance dies.
     */
    private void publish(PageFanOut.FannedOut page) {
        if (page.events().isEmpty()) {
            return;
        }
        try {
            publisher.publish(page.events()).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The page's events were not published: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The page's events were not acknowledged in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the page's events", e);
        }
        if (page.again()) {
            metrics.pagePublishedAgain(page.events().size() / 2);
        }
    }

    @Incoming(Topics.BULK_MAIL_PAGES)
    // A worker pool of its own, smaller than the database pool (smallrye.messaging.worker.bulk-mail-pages.*): pages
    // that wait (on a lock, after a rebalance hands an instance many pages at once) can never hold every connection,
    // so a cancellation, the pager, the relay and the completion sweep always get one.
    @Blocking(value = "bulk-mail-pages", ordered = false)
    @Retry(maxRetries = -1, maxDuration = 0, delay = 500, jitter = 200)
    @ExponentialBackoff(maxDelay = 30_000)
    public void consume(ConsumerRecord<String, String> record) {
        try {
            IncomingEvent.readOrSkip(record, BulkMailPage.class, objectMapper).ifPresent(event -> {
                // Every line written for this page names its job (the asyncoperation a user watches).
                MDC.put(BULK_JOB_ID, String.valueOf(event.payload().asyncOperationId()));
                try {
                    fanOut.handle(event).ifPresent(page -> {
                        publish(page);
                        if (ending.completeIfDone(page.jobId())) {
                            fanOut.forget(page.jobId());
                        }
                    });
                } finally {
                    MDC.remove(BULK_JOB_ID);
                }
            });
        } catch (UnrenderableJobException e) {
            // The page rolled back; the job ends Failed with the reason, and its other pages are passed over.
            ending.fail(e.jobId(), e.getMessage());
            fanOut.forget(e.jobId());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Page %s/%d@%d failed; retrying", record.topic(), record.partition(), record.offset());
            throw e;
        }
    }
}
