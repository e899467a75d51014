package dev.mailroom.router.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.mailroom.events.Topics;
import dev.mailroom.router.service.DeliveryMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Moves pending records the router cannot act on to {@link Topics#EMAIL_PENDING_DLQ}: key, value and headers as
 * they were, plus why and where from. Nothing leaves the pending topic silently.
 */
@ApplicationScoped
public class DeadLetters {

    static final String REASON = "dlq-reason";
    static final String ORIGIN = "dlq-original-topic-partition-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final DeliveryMetrics metrics;

    public DeadLetters(@Channel(Topics.EMAIL_PENDING_DLQ) MutinyEmitter<String> emitter, DeliveryMetrics metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /** Publishes every rejected record and returns once the broker acknowledged all of them. */
    void publishAll(List<Rejected> rejected) {
        List<Uni<Void>> acks = new ArrayList<>();
        for (Rejected entry : rejected) {
            ConsumerRecord<String, String> record = entry.record();
            LOG.warnf("Pending record %s-%d@%d goes to %s: %s", record.topic(), record.partition(), record.offset(),
                    Topics.EMAIL_PENDING_DLQ, entry.reason());
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                headers.add(header);
            }
            headers.add(REASON, entry.reason().getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGIN, (record.topic() + "-" + record.partition() + "@" + record.offset())
                    .getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(record.key()).withHeaders(headers).build();
            acks.add(emitter.sendMessage(Message.of(record.value() == null ? "" : record.value())
                    .addMetadata(metadata)));
        }
        if (!acks.isEmpty()) {
            Uni.join().all(acks).andFailFast().await().indefinitely();
            rejected.forEach(entry -> metrics.deadLetter());
        }
    }

    /** A record and why it cannot be sent. */
    record Rejected(ConsumerRecord<String, String> record, String reason) {
    }
}
