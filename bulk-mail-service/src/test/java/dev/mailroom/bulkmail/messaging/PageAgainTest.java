package dev.mailroom.bulkmail.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.bulkmail.job.BulkJobStore;
import dev.mailroom.events.BulkMailPage;
import dev.mailroom.events.BulkMailPage.Field;
import dev.mailroom.events.BulkMailPage.Recipient;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A page's emails go straight to Kafka once its transaction commits; a page that comes again after that (its
 * instance died before the broker answered, or the publication failed) publishes the same events again, for the
 * recipients it claimed, and fans nothing out a second time.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres"))
class PageAgainTest {

    /** The counter's sample in the Prometheus text of /q/metrics. */
    private static final Pattern PUBLISHED_AGAIN =
            Pattern.compile("(?m)^mailroom_bulk_emails_published_again_total(?:\\{[^}]*\\})? (\\S+)");

    @Inject
    BulkJobStore jobs;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldPublishTheSameEventsAgainWhenAPageComesAgainAndCountItsRecipientsOnce() throws Exception {
        UUID jobId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> jobs.create(new BulkMailRequested(UUID.randomUUID(),
                Instant.now(), jobId, UUID.randomUUID(), "systemuser", "news@mailroom.test", UUID.randomUUID(),
                "News for {!contact:firstname;you}", "<p>Dear {!contact:firstname;Valued Customer}</p>", null, null,
                "contacts", null), "contacts?$top=500"));
        Recipient ada = recipient("ada@example.org", false);
        Recipient grace = recipient("grace@example.org", false);
        Recipient excluded = recipient("no@example.org", true);
        // Grace again, further down: one email, claimed by her first position.
        BulkMailPage page = new BulkMailPage(UUID.randomUUID(), Instant.now(), jobId, 1,
                List.of(ada, excluded, grace, grace));
        KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);

        publish(kafka, page);
        List<ConsumerRecord<String, String>> created = awaitRecords(kafka, Topics.EMAIL_CREATED,
                r -> r.value().contains(jobId.toString()), 2);
        Set<String> emails = created.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> pending = awaitRecords(kafka, Topics.EMAIL_PENDING,
                r -> emails.contains(r.key()), 2);
        assertEquals(2, emails.size(), "one email each for Ada and Grace");
        assertEquals(List.of(2, 1), counts(jobId), "two emails created; one recipient excluded, one repeated");
        double again = publishedAgain();

        // The same page event again, as a redelivery brings it.
        publish(kafka, page);
        List<ConsumerRecord<String, String>> createdAgain = awaitRecords(kafka, Topics.EMAIL_CREATED,
                r -> r.value().contains(jobId.toString()), 4);
        List<ConsumerRecord<String, String>> pendingAgain = awaitRecords(kafka, Topics.EMAIL_PENDING,
                r -> emails.contains(r.key()), 4);

        assertEquals(ids(created), ids(createdAgain), "the same two EmailCreated events, by id");
        assertEquals(2, ids(pending).size());
        assertEquals(ids(pending), ids(pendingAgain), "the same two EmailPending events, by id");
        assertEquals(emails, createdAgain.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                "for the same two emails");
        assertEquals(payloads(created), payloads(createdAgain), "rendered the same");
        assertEquals(List.of(2, 1), counts(jobId), "counted once");
        // Counted once the broker has answered, which may be a moment after a consumer saw the records.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(again + 2, publishedAgain(),
                "two emails published again"));
    }

    private static Recipient recipient(String address, boolean doNotBulkEmail) {
        return new Recipient(UUID.randomUUID(), "contact", address, false, doNotBulkEmail,
                List.of(new Field("firstname", address.substring(0, address.indexOf('@')))));
    }

    private void publish(KafkaTestClient kafka, BulkMailPage page) throws Exception {
        kafka.publishCloudEvent(Topics.BULK_MAIL_PAGES, page.asyncOperationId() + "/" + page.pageNumber(),
                page.eventId(), BulkMailPage.TYPE, objectMapper.writeValueAsString(page));
    }

    private static List<ConsumerRecord<String, String>> awaitRecords(KafkaTestClient kafka, String topic,
            Predicate<ConsumerRecord<String, String>> match, int count) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.allRecords(topic, match), found -> found.size() >= count);
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)).collect(Collectors.toSet());
    }

    /** The events' payloads but for their time of publication. */
    private static Set<String> payloads(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.value().replaceAll("\"occurredAt\":\"[^\"]*\"", ""))
                .collect(Collectors.toSet());
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

    private static double publishedAgain() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = PUBLISHED_AGAIN.matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
