package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/** The pending records' consumer spans, on the OpenTelemetry SDK with every root trace sampled (as in tests). */
class PendingSpansTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISH_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final PendingSpans spans = new PendingSpans(provider.get("router-tests"));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void shouldRecordAConsumerSpanUnderThePublishSpanOfASampledTrace() {
        spans.received(record("00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-01"));

        List<SpanData> recorded = exported.getFinishedSpanItems();
        assertEquals(1, recorded.size());
        SpanData receive = recorded.get(0);
        assertEquals("email-pending receive", receive.getName());
        assertEquals(SpanKind.CONSUMER, receive.getKind());
        assertEquals(TRACE_ID, receive.getTraceId());
        assertEquals(PUBLISH_SPAN, receive.getParentSpanId());
        assertEquals(12L, receive.getAttributes().asMap().entrySet().stream()
                .filter(entry -> entry.getKey().getKey().equals("messaging.kafka.offset"))
                .findFirst().orElseThrow().getValue());
    }

    @Test
    void shouldRecordNothingForARecordOfAnUnsampledTrace() {
        spans.received(record("00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-00"));

        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    @Test
    void shouldLeaveARecordWithoutATraceToTheSampler() {
        spans.received(record(null));

        List<SpanData> recorded = exported.getFinishedSpanItems();
        assertEquals(1, recorded.size(), "a root span, sampled here by the always-on sampler");
        assertFalse(recorded.get(0).getParentSpanContext().isValid());
    }

    @Test
    void shouldReadTheSampledFlagOfATraceparent() {
        assertTrue(PendingSpans.sampled("00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-01"));
        assertTrue(PendingSpans.sampled("00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-03"));
        assertFalse(PendingSpans.sampled("00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-00"));
        assertFalse(PendingSpans.sampled("00-" + TRACE_ID + "-" + PUBLISH_SPAN + "-02"));
        assertTrue(PendingSpans.sampled("not a traceparent"), "left to the tracer");
    }

    private static ConsumerRecord<String, String> record(String traceparent) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("email-pending", 3, 12L, "key", "{}");
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
