package dev.mailroom.endtoend.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Out of the box nothing is exported: with only an OTLP endpoint configured (and the sampler left at the services'
 * default) a sent email leaves no span at the collector. Trace ids still propagate, so the JSON log lines of
 * activity-service and router-service about the email carry the email id and one trace id between them.
 */
class TracingOffByDefaultTest {

    /** Sampling left at the services' default: nothing is to be exported. */
    @RegisterExtension
    static final CollectedEmailPath PATH = new CollectedEmailPath("tracing-off", Map.of());

    @Test
    void shouldExportNothingButStillLogTheEmailsTraceId() throws Exception {
        UUID id = OneEmail.createAndSend(PATH.platform().activityUrl(), PATH.platform().administratorToken());

        List<LogLines.Line> activity = PATH.awaitLinesAbout("activity-service", id);
        List<LogLines.Line> router = PATH.awaitLinesAbout("router-service", id);
        String traceId = activity.get(0).traceId();
        assertNotNull(traceId, "activity-service names the trace: " + activity.get(0).json());
        assertEquals(32, traceId.length());
        for (LogLines.Line line : router) {
            assertEquals(traceId, line.traceId(), "router-service names the same trace: " + line.json());
        }
        // Five export intervals after the email was sent: a default configuration would have exported by now.
        Thread.sleep(1_000);
        assertEquals(0, PATH.collector().requests(), "spans exported although sampling was never turned on");
        assertEquals(List.of(), PATH.collector().spans());
    }
}
