package dev.mailroom.endtoend.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.endtoend.MailroomPlatform;
import dev.mailroom.localstack.MailroomService;

/**
 * The operators' metrics on the real platform (the four packaged services on the embedded stack, as the local run
 * starts them), and deploy/grafana/mailroom.json built on them: every metric a panel queries is in the Prometheus
 * scrape (/q/metrics) of a service, the dashboard shows each thing an operator needs, and the figures move when mail
 * moves.
 *
 * <p>The platform is the one the other MailroomPlatform classes share; this class runs first on it (see
 * junit-platform.properties), so that the bulk-job series are seen before any class has run a job.
 */
@Order(1)
class GrafanaDashboardTest {

    @RegisterExtension
    static final MailroomPlatform PLATFORM = new MailroomPlatform();

    private static final Pattern METRIC = Pattern.compile("\\b((?:mailroom|kafka)_[a-z0-9_]+)\\b");
    /** What an operator must find on the dashboard, one metric for each (issue: "Metrics that operators need"). */
    private static final Set<String> NEEDED = Set.of(
            "mailroom_emails",                                  // emails by status
            "mailroom_router_sends_total",                      // send rate, outcomes and retries
            "mailroom_router_smtp_seconds_count",               // send latency
            "mailroom_router_dead_letters_total",               // dead letters
            "mailroom_outbox_dead_letters",
            "kafka_consumer_fetch_manager_records_lag_max",     // consumer lag
            "mailroom_bulk_jobs",                               // bulk-job progress
            "mailroom_bulk_recipients_total",
            "mailroom_outbox_backlog",                          // outbox backlog
            "mailroom_blobs_stored_bytes",                      // blob store size
            "mailroom_blobs_stored",
            "mailroom_router_incoming_dead_letters_total",      // unreadable incoming mail
            "mailroom_router_unrecorded_sends",                 // the router's in-doubt window
            "mailroom_router_unrecorded_sends_limit",
            "mailroom_router_final_dot_wait_seconds_count");

    @Test
    void shouldQueryOnlyMetricsTheServicesExpose() throws Exception {
        // The router registers its in-doubt window's meters with its first send: one email first, so that what is
        // checked here does not depend on whether another method of this class has sent one already.
        OneEmail.createAndSend(PLATFORM.url(MailroomService.ACTIVITY), PLATFORM.administratorToken());
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
        Set<String> notShown = new TreeSet<>(NEEDED);
        notShown.removeAll(queried);
        assertEquals(Set.of(), notShown, "needed by operators but on no panel");

        Set<String> exposed = new TreeSet<>();
        for (MailroomService service : MailroomService.values()) {
            exposed.addAll(Scrape.of(PLATFORM.url(service)).names());
        }
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exposed);
        assertEquals(Set.of(), missing, "queried by the dashboard but exposed by no service");
    }

    @Test
    void shouldCountEmailsByStatusAndSends() throws Exception {
        String activity = PLATFORM.url(MailroomService.ACTIVITY);
        double sentBefore = Scrape.of(activity).sum("mailroom_emails", "status=\"Sent\"", "statuscode=\"3\"");
        double routedBefore = Scrape.of(PLATFORM.url(MailroomService.ROUTER))
                .sum("mailroom_router_sends_total", "outcome=\"sent\"");

        OneEmail.createAndSend(activity, PLATFORM.administratorToken());

        assertTrue(Scrape.of(PLATFORM.url(MailroomService.ROUTER)).sum("mailroom_router_sends_total",
                "outcome=\"sent\"") >= routedBefore + 1, "the router counts the send");
        assertTrue(Scrape.of(PLATFORM.url(MailroomService.ROUTER)).sum("mailroom_router_smtp_seconds_count") >= 1);
        // Counted on a schedule (activity.metrics.email-status-refresh: 30 s, 2 s in this module's pom).
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Scrape
                .of(activity).sum("mailroom_emails", "status=\"Sent\"") >= sentBefore + 1);
        Scrape scrape = Scrape.of(activity);
        assertEquals(0, scrape.sum("mailroom_emails", "status=\"Pending Send\""), "nothing left waiting");
        assertTrue(scrape.sum("mailroom_outbox_backlog") >= 0);
    }

    @Test
    void shouldMeasureTheBlobStore() throws Exception {
        String attachments = PLATFORM.url(MailroomService.ATTACHMENT);
        double bytesBefore = Scrape.of(attachments).sum("mailroom_blobs_stored_bytes");
        double blobsBefore = Scrape.of(attachments).sum("mailroom_blobs_stored");
        byte[] file = new byte[40_000];
        new SecureRandom().nextBytes(file);
        HttpResponse<String> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(attachments + "/blobs")).header("Content-Type", "application/octet-stream")
                .header("Authorization", "Bearer " + PLATFORM.servicesToken())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, stored.statusCode(), stored.body());

        // Measured on a schedule (attachments.metrics.refresh: 30 s, 2 s in this module's pom).
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Scrape
                .of(attachments).sum("mailroom_blobs_stored_bytes") >= bytesBefore + file.length);
        assertEquals(blobsBefore + 1, Scrape.of(attachments).sum("mailroom_blobs_stored"));
        assertTrue(Scrape.of(attachments).sum("mailroom_blobs_unreferenced") >= 1, "no email refers to it yet");
    }

    @Test
    void shouldExposeBulkJobProgressBeforeAnyJob() throws Exception {
        // Every series is there from the start (a panel shows 0, not "no data"); BulkMailFlowTest moves them.
        Scrape bulk = Scrape.of(PLATFORM.url(MailroomService.BULK_MAIL));
        for (String state : new String[] {"running", "completed", "failed", "canceled"}) {
            assertEquals(0, bulk.sum("mailroom_bulk_jobs", "state=\"" + state + "\""), state);
        }
        assertEquals(0, bulk.sum("mailroom_bulk_recipients_total", "outcome=\"created\""));
        assertEquals(0, bulk.sum("mailroom_bulk_recipients_total", "outcome=\"skipped\""));
    }
}
