package dev.mailroom.bulkmail.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.bulkmail.job.JobEnding;
import dev.mailroom.bulkmail.job.JobPager;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.BulkMailCancelRequested;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * SendBulkMail requests and their cancellations, read from one topic by two consumer groups. A request is
 * acknowledged only once its job is paged to the end, so an instance that stops mid-paging leaves the request to the
 * next owner of its partition, which resumes at the job's cursor. Cancellations have a group of their own, so one
 * is seen while its job is still paging (in the requests' group it would wait behind it). Both retry without a
 * limit, backing off to one attempt every 30 s, so activity-service or the database away for any time delays jobs
 * and loses none: giving up would nack the record and stop the channel for good, until a restart.
 */
@ApplicationScoped
public class BulkMailRequestConsumer {

    /** The channel reading bulk-mail-requested in its own consumer group, for cancellations only. */
    static final String CANCELLATIONS = "bulk-mail-cancellations";

    private static final Logger LOG = Logger.getLogger(BulkMailRequestConsumer.class);

    private final JobPager pager;
    private final JobEnding ending;
    private final ObjectMapper objectMapper;

    public BulkMailRequestConsumer(JobPager pager, JobEnding ending, ObjectMapper objectMapper) {
        this.pager = pager;
        this.ending = ending;
        this.objectMapper = objectMapper;
    }

    @Incoming(Topics.BULK_MAIL_REQUESTED)
    @Blocking
    @Retry(maxRetries = -1, maxDuration = 0, delay = 1000, jitter = 500)
    @ExponentialBackoff(maxDelay = 30_000)
    public void consume(ConsumerRecord<String, String> record) {
        try {
            start(record);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Request %s/%d@%d failed; retrying", record.topic(), record.partition(), record.offset());
            throw e;
        }
    }

    private void start(ConsumerRecord<String, String> record) {
        String eventType = typeOf(record);
        if (BulkMailRequested.TYPE.equals(eventType)) {
            IncomingEvent.readOrSkip(record, BulkMailRequested.class, objectMapper)
                    .ifPresent(event -> pager.start(event.payload()));
        } else if (!BulkMailCancelRequested.TYPE.equals(eventType)) {
            LOG.errorf("Skipping %s/%d@%d: unknown event type '%s'", record.topic(), record.partition(),
                    record.offset(), eventType);
        }
    }

    @Incoming(CANCELLATIONS)
    @Blocking
    @Retry(maxRetries = -1, maxDuration = 0, delay = 500, jitter = 200)
    @ExponentialBackoff(maxDelay = 30_000)
    public void consumeCancellation(ConsumerRecord<String, String> record) {
        try {
            if (BulkMailCancelRequested.TYPE.equals(typeOf(record))) {
                IncomingEvent.readOrSkip(record, BulkMailCancelRequested.class, objectMapper)
                        .ifPresent(event -> ending.cancel(event.payload().asyncOperationId()));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cancellation %s/%d@%d failed; retrying", record.topic(), record.partition(),
                    record.offset());
            throw e;
        }
    }

    private static String typeOf(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
    }
}
