package dev.mailroom.endtoend.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Out of the box nothing is exported: with only an OTLP endpoint configured (and the sampler left at the services'
 * default) a sent email leaves no span at the collector. Trace ids still propagate, so the JSON log lines of
 * activity-service and router-service about the email carry the email id and one trace id between them.
 */
class TracingOffByDefaultTest {

    /** Kafka, PostgreSQL and the mail server, shared with the other EmailPathPlatform class. */
    @RegisterExtension
    static final EmailPathStack STACK = new EmailPathStack();

    private static OtlpReceiver collector;
    private static EmailPathPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        collector = new OtlpReceiver();
        platform = EmailPathPlatform.start(STACK, "tracing-off", Map.of(
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.exporter.otlp.traces.endpoint", collector.endpoint(),
                "quarkus.otel.bsp.schedule.delay", "200ms"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void shouldExportNothingButStillLogTheEmailsTraceId() throws Exception {
        UUID id = OneEmail.createAndSend(platform.activityUrl(), platform.administratorToken());

        List<LogLines.Line> activity = awaitLines("activity-service", id);
        List<LogLines.Line> router = awaitLines("router-service", id);
        String traceId = activity.get(0).traceId();
        assertNotNull(traceId, "activity-service names the trace: " + activity.get(0).json());
        assertEquals(32, traceId.length());
        for (LogLines.Line line : router) {
            assertEquals(traceId, line.traceId(), "router-service names the same trace: " + line.json());
        }
        // Five export intervals after the email was sent: a default configuration would have exported by now.
        Thread.sleep(1_000);
        assertEquals(0, collector.requests(), "spans exported although sampling was never turned on");
        assertEquals(List.of(), collector.spans());
    }

    private static List<LogLines.Line> awaitLines(String service, UUID id) {
        return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> LogLines.about(platform.logLines(service), id), lines -> !lines.isEmpty());
    }
}
