package dev.mailroom.endtoend.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The email path (EmailPathPlatform on the shared EmailPathStack) with both services' traces pointed at an OTLP
 * receiver the test runs, the way an operator points them at a collector: started before a class's tests, stopped
 * after them. A class gives what it varies on top (for example the sampler's ratio). Register it with
 * {@code @RegisterExtension} on a static field.
 */
final class CollectedEmailPath implements BeforeAllCallback, AfterAllCallback {

    /** An OTLP/HTTP exporter, flushed often enough that a test waits no longer than it must. */
    private static final Map<String, String> EXPORT = Map.of(
            "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
            "quarkus.otel.bsp.schedule.delay", "200ms");

    private final EmailPathStack stack = new EmailPathStack();
    private final String name;
    private final Map<String, String> config;
    private OtlpReceiver collector;
    private EmailPathPlatform platform;

    /** {@code name} names the scratch folder of the services' logs; {@code config} is added to every service's. */
    CollectedEmailPath(String name, Map<String, String> config) {
        this.name = name;
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack.beforeAll(context);
        collector = new OtlpReceiver();
        Map<String, String> services = new HashMap<>(EXPORT);
        services.put("quarkus.otel.exporter.otlp.traces.endpoint", collector.endpoint());
        services.putAll(config);
        platform = EmailPathPlatform.start(stack, name, services);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (platform != null) {
            platform.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    OtlpReceiver collector() {
        return collector;
    }

    EmailPathPlatform platform() {
        return platform;
    }

    /** The service's log lines about the email, waited for (30 s) until there is at least one. */
    List<LogLines.Line> awaitLinesAbout(String service, UUID emailId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> LogLines.about(platform.logLines(service), emailId), lines -> !lines.isEmpty());
    }
}
