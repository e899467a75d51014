package dev.mailroom.eventing.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.mailroom.events.CloudEventHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends outbox rows as binary-mode CloudEvents (the CloudEvents SDK's Kafka binding). A plain idempotent producer
 * rather than a messaging channel: the relay must know which records the broker acknowledged before it deletes rows.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, byte[]> producer;

    public OutboxPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key) || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Timings are defaults a service may tune (kafka.max.block.ms, ...); the settings above are not negotiable.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends every row and waits for the broker's answer to each, in row order. Never throws for one record's
     * failure: the relay decides per row what to delete, dead-letter or keep.
     */
    List<Delivery> publishAll(List<OutboxEvent> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            acks.add(send(row));
        }
        List<Delivery> deliveries = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            deliveries.add(await(rows.get(i), acks.get(i)));
        }
        return deliveries;
    }

    private Future<RecordMetadata> send(OutboxEvent row) {
        ProducerRecord<String, byte[]> record;
        try {
            record = toRecord(row);
        } catch (RuntimeException e) {
            // No retry can make a CloudEvent of this row (e.g. a source that is no URI): Kafka-wise, an invalid record.
            return CompletableFuture.failedFuture(new InvalidRecordException("Not a valid CloudEvent: " + e));
        }
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            // Most refusals come back through the future; a few are thrown here. Treat both alike.
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Delivery await(OutboxEvent row, Future<RecordMetadata> ack) {
        try {
            ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Delivery.acknowledged(row);
        } catch (ExecutionException e) {
            return new Delivery(row, e.getCause());
        } catch (TimeoutException e) {
            return new Delivery(row, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the outbox batch", e);
        }
    }

    /** The row as a binary-mode CloudEvent 1.0: attributes in {@code ce_*} headers, the JSON payload as the value. */
    static ProducerRecord<String, byte[]> toRecord(OutboxEvent row) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(row.eventId.toString())
                .withSource(URI.create(row.source))
                .withType(row.eventType)
                .withSubject(row.subject)
                .withTime(row.occurredAt.atOffset(ZoneOffset.UTC))
                .withDataContentType(CloudEventHeaders.JSON)
                .withData(row.payload.getBytes(StandardCharsets.UTF_8))
                .build();
        return KafkaMessageFactory.createWriter(row.topic, row.messageKey).writeBinary(event);
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
