package dev.mailroom.eventing.outbox;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.mailroom.events.CloudEventHeaders;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends outbox rows as binary-mode CloudEvents. A plain idempotent producer rather than a messaging channel: the
 * relay must know that every record of a batch was acknowledged before it deletes the rows.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, String> producer;

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
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
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
        try {
            return producer.send(toRecord(row));
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

    static ProducerRecord<String, String> toRecord(OutboxEvent row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.ID, row.eventId.toString());
        header(headers, CloudEventHeaders.TYPE, row.eventType);
        header(headers, CloudEventHeaders.SOURCE, row.source);
        if (row.subject != null) {
            header(headers, CloudEventHeaders.SUBJECT, row.subject);
        }
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(row.occurredAt));
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return new ProducerRecord<>(row.topic, null, row.messageKey, row.payload, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
