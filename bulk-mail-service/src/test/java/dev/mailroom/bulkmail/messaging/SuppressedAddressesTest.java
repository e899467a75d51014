package dev.mailroom.bulkmail.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.bulkmail.job.BulkJobStore;
import dev.mailroom.events.BulkMailPage;
import dev.mailroom.events.BulkMailPage.Recipient;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.EmailActivityCanceled;
import dev.mailroom.events.EmailBounced;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hard bounces read from email-lifecycle suppress their address for bulk email: a later job skips a recipient at that
 * address (in any case) and counts it skipped; a transient failure suppresses nothing, and the topic's other events
 * are passed over.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres"))
class SuppressedAddressesTest {

    @Inject
    BulkJobStore jobs;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldSkipAnAddressThatBouncedPermanentlyAndNoOtherInTheNextJob() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String hard = "Gone-" + tag + "@Example.org";
        String soft = "full-" + tag + "@example.org";
        UUID key = UUID.randomUUID();
        KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
        // All on one key, so on one partition and read in this order.
        publish(kafka, key, bounce(soft, "4.4.7", false));
        publish(kafka, key, new EmailActivityCanceled(UUID.randomUUID(), Instant.now(), key, "Canceled", null,
                List.of("canceled-" + tag + "@example.org"), null, null), EmailActivityCanceled.TYPE);
        EmailBounced first = bounce(hard, "5.1.1", true);
        publish(kafka, key, first);
        publish(kafka, key, first);
        EmailBounced later = bounce(hard.toLowerCase(Locale.ROOT), "5.1.10", true);
        publish(kafka, key, later);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "5.1.10".equals(column(hard, "status")));
        assertEquals(later.activityId().toString(), column(hard, "activity_id"), "the latest bounce's email");
        assertEquals(1, rows(hard), "one row per address, in lower case");
        assertNull(column(soft, "status"), "a transient failure suppresses nothing");
        assertNull(column("canceled-" + tag + "@example.org", "status"));

        UUID jobId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> jobs.create(new BulkMailRequested(UUID.randomUUID(),
                Instant.now(), jobId, UUID.randomUUID(), "systemuser", "news@mailroom.test", UUID.randomUUID(),
                "News", "<p>News</p>", null, null, "contacts", null), "contacts?$top=500"));
        Recipient gone = recipient(hard.toUpperCase(Locale.ROOT));
        Recipient full = recipient(soft);
        Recipient ada = recipient("ada-" + tag + "@example.org");
        BulkMailPage page = new BulkMailPage(UUID.randomUUID(), Instant.now(), jobId, 1, List.of(gone, full, ada));
        kafka.publishCloudEvent(Topics.BULK_MAIL_PAGES, jobId + "/1", page.eventId(), BulkMailPage.TYPE,
                objectMapper.writeValueAsString(page));

        List<ConsumerRecord<String, String>> created = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.allRecords(Topics.EMAIL_CREATED, r -> r.value().contains(jobId.toString())),
                        found -> found.size() >= 2);
        Set<String> to = created.stream().map(r -> r.value().replaceAll(".*\"to\":\"([^\"]*)\".*", "$1"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(soft, "ada-" + tag + "@example.org"), to, "no email to the address that bounced");
        assertEquals(List.of(2, 1), counts(jobId), "two emails created, the bounced address skipped");
    }

    private static EmailBounced bounce(String address, String status, boolean permanent) {
        return new EmailBounced(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), address,
                status, "smtp; 550 " + status + " no such user", permanent, true, null, null);
    }

    private static Recipient recipient(String address) {
        return new Recipient(UUID.randomUUID(), "contact", address, false, false, List.of());
    }

    private void publish(KafkaTestClient kafka, UUID key, EmailBounced bounce) throws Exception {
        publish(kafka, key, bounce, EmailBounced.TYPE);
    }

    private void publish(KafkaTestClient kafka, UUID key, Object event, String type) throws Exception {
        UUID eventId = (UUID) event.getClass().getMethod("eventId").invoke(event);
        kafka.publishCloudEvent(Topics.EMAIL_LIFECYCLE, key.toString(), eventId, type,
                objectMapper.writeValueAsString(event));
    }

    private String column(String address, String column) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + column + "::text FROM suppressed_address WHERE address = ?")) {
            select.setString(1, address.toLowerCase(Locale.ROOT));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private int rows(String address) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM suppressed_address WHERE lower(address) = ?")) {
            select.setString(1, address.toLowerCase(Locale.ROOT));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The job's emails created and recipients skipped, over its pages. */
    private List<Integer> counts(UUID jobId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sum(created), sum(skipped) FROM bulk_page WHERE job_id = ?")) {
            select.setObject(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return List.of(rows.getInt(1), rows.getInt(2));
            }
        }
    }
}
