package dev.mailroom.eventing.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.events.CloudEventHeaders;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends outbox rows as binary-mode CloudEvents (the CloudEvents SDK's Kafka binding). A plain idempotent producer
 * rather than a messaging channel: the relay must know which records the broker acknowledged before it deletes rows.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, byte[]> producer;
    private final Tracer tracer;

    /** Without tracing: for tools and tests that run the relay outside a service. */
    public OutboxPublisher(Map<String, Object> kafkaConfig) {
        this(kafkaConfig, OpenTelemetry.noop().getTracer("mailroom-outbox"));
    }

    @Inject
    public OutboxPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Tracer tracer) {
        this.tracer = tracer;
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
     * Hands every row to the producer, in row order, without waiting for the broker: the relay reads and sends the
     * next batch while this one's answers come back. Never throws for one record's failure: the relay decides per
     * row what to delete, dead-letter or keep. The producer keeps the order of one partition's records (it is
     * idempotent), so batches sent one after the other reach each partition in row order.
     */
    InFlight send(List<OutboxEvent> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        List<Span> spans = new ArrayList<>(rows.size());
        Repeats repeats = new Repeats();
        for (OutboxEvent row : rows) {
            Span span = publishSpan(row, repeats);
            spans.add(span);
            acks.add(send(row, span, repeats));
        }
        return () -> awaitAll(rows, acks, spans);
    }

    /**
     * Publishes events that have no outbox row (see {@link OutboxWriter#unwritten}): the same records, spans and
     * producer as the relay's, without waiting here. The future completes once the broker has acknowledged every
     * event, or fails with the first refusal (the producer has retried within {@code delivery.timeout.ms} by then);
     * publishing them again is the caller's part, from the record that holds them.
     */
    public CompletableFuture<Void> publish(List<OutboxEvent> events) {
        Repeats repeats = new Repeats();
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < events.size(); i++) {
            OutboxEvent event = events.get(i);
            Span span = publishSpan(event, repeats);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks[i] = ack;
            try {
                producer.send(record(event, span, repeats), (metadata, failure) -> {
                    end(span, failure);
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                });
            } catch (KafkaException e) {
                end(span, e);
                ack.completeExceptionally(e);
            }
        }
        return CompletableFuture.allOf(acks);
    }

    /**
     * What consecutive rows of a batch usually share, worked out once: a service's rows all have one source, and the
     * rows a transaction wrote in bulk (a bulk page's hundreds of emails) one parent trace. Parsing the same
     * traceparent and URI again for every row was about 8% of the relay's CPU in a bulk job.
     */
    private static final class Repeats {

        private String source;
        private URI sourceUri;
        private String traceparent;
        private String tracestate;
        private Context parent;

        URI source(String text) {
            if (!text.equals(source)) {
                sourceUri = URI.create(text);
                source = text;
            }
            return sourceUri;
        }

        Context parent(String traceparentText, String tracestateText) {
            if (parent == null || !traceparentText.equals(traceparent) || !Objects.equals(tracestateText,
                    tracestate)) {
                parent = TraceContext.parent(traceparentText, tracestateText);
                traceparent = traceparentText;
                tracestate = tracestateText;
            }
            return parent;
        }
    }

    /** A batch handed to the producer whose answers have not all been read yet. */
    @FunctionalInterface
    interface InFlight {

        /** The broker's answer to each row, in row order; a row without an answer in time is pending. */
        List<Delivery> await();
    }

    private static List<Delivery> awaitAll(List<OutboxEvent> rows, List<Future<RecordMetadata>> acks,
            List<Span> spans) {
        List<Delivery> deliveries = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Delivery delivery = await(rows.get(i), acks.get(i));
            end(spans.get(i), delivery);
            deliveries.add(delivery);
        }
        return deliveries;
    }

    /**
     * A producer span continuing the trace the row was written in (the request or consumer that made the change);
     * none for a row written outside a trace. In a trace that is not sampled the row's own context is passed on as it
     * is: the sampler follows the parent's decision (parent-based, see eventing's microprofile-config.properties), so
     * the span would record nothing, and building it for every row was about a twentieth of bulk-mail-service's CPU
     * (bulk benchmark B8, docs/benchmarks.md). The record still names the trace, so the consumers' logs carry its id.
     */
    private Span publishSpan(OutboxEvent row, Repeats repeats) {
        if (row.traceparent == null) {
            return Span.getInvalid();
        }
        Context parent = repeats.parent(row.traceparent, row.tracestate);
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid() && !parentSpan.isSampled()) {
            return Span.wrap(parentSpan);
        }
        return tracer.spanBuilder(row.topic + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", row.topic)
                .setAttribute("messaging.message.id", row.eventId.toString())
                .setAttribute("messaging.kafka.message.key", row.messageKey)
                .startSpan();
    }

    private static void end(Span span, Delivery delivery) {
        end(span, delivery.failure());
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, String.valueOf(failure));
        }
        span.end();
    }

    private Future<RecordMetadata> send(OutboxEvent row, Span span, Repeats repeats) {
        try {
            return producer.send(record(row, span, repeats));
        } catch (KafkaException e) {
            // Most refusals come back through the future; a few are thrown here (an invalid record among them).
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ProducerRecord<String, byte[]> record(OutboxEvent row, Span span, Repeats repeats) {
        try {
            return toRecord(row, repeats.source(row.source), Context.root().with(span));
        } catch (RuntimeException e) {
            // No retry can make a CloudEvent of this row (e.g. a source that is no URI): Kafka-wise, an invalid record.
            throw new InvalidRecordException("Not a valid CloudEvent: " + e);
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

    static ProducerRecord<String, byte[]> toRecord(OutboxEvent row) {
        return toRecord(row, Context.root());
    }

    /**
     * The row as a binary-mode CloudEvent 1.0: attributes in {@code ce_*} headers, the JSON payload as the value. In a
     * trace, the CloudEvents distributed-tracing attributes ({@code ce_traceparent}, {@code ce_tracestate}) and the
     * W3C {@code traceparent} header that Kafka instrumentation reads name the publishing span.
     */
    static ProducerRecord<String, byte[]> toRecord(OutboxEvent row, Context trace) {
        return toRecord(row, URI.create(row.source), trace);
    }

    private static ProducerRecord<String, byte[]> toRecord(OutboxEvent row, URI source, Context trace) {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(row.eventId.toString())
                .withSource(source)
                .withType(row.eventType)
                .withSubject(row.subject)
                .withTime(row.occurredAt.atOffset(ZoneOffset.UTC))
                .withDataContentType(CloudEventHeaders.JSON)
                .withData(row.payloadBytes());
        Map<String, String> fields = TraceContext.fields(trace);
        fields.forEach(event::withExtension);
        ProducerRecord<String, byte[]> record =
                KafkaMessageFactory.createWriter(row.topic, row.messageKey).writeBinary(event.build());
        fields.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
