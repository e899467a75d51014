package dev.mailroom.endtoend.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;

/**
 * deploy/grafana/mailroom.json is built on the metrics the services really expose: every metric a panel queries is
 * in the Prometheus scrape (/q/metrics) of the packaged router-service running on the real stack.
 */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:mailroom|kafka)_[a-z0-9_]+)\\b");

    @Test
    void shouldQueryOnlyMetricsTheServicesExpose() throws Exception {
        Path root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve("deploy/grafana/mailroom.json").toFile());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText() + " queries something");
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                while (metric.find()) {
                    queried.add(metric.group(1));
                }
            }
        }
        assertTrue(queried.size() >= 10, "the dashboard queries " + queried);

        String scrape;
        try (LocalStackLauncher.RunningStack stack = LocalStackLauncher.start(
                Path.of("target", "scratch", "router-metrics").toAbsolutePath(),
                EnumSet.of(Component.KAFKA, Component.POSTGRES), null);
                SlowSmtpServer smtp = new SlowSmtpServer(0);
                RouterProcess router = RouterProcess.start(root, "router-metrics", stack.addresses(), smtp.port(),
                        Map.of())) {
            scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(router.url() + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        Set<String> exposed = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exposed.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exposed);
        assertEquals(Set.of(), missing, "queried by the dashboard but not exposed");
    }
}
