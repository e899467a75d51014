package dev.mailroom.activity.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.tables.EmailTable;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailActivityCreated;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Concurrent creates share transactions, yet each request keeps its own outcome: every answered create is there
 * whole (row, parties, one created event), and a create whose row fails in a group fails alone.
 */
@QuarkusTest
class GroupCommitTest {

    private static final String ROOT = "/api/data/v9.2/";
    private static final Pattern ENTITY_ID = Pattern.compile(".*/emails\\(([0-9a-f-]{36})\\)$");

    @Inject
    GroupCommit groupCommit;
    @Inject
    RecordWriter writer;
    @Inject
    BodyReader bodies;
    @Inject
    TableRegistry registry;
    @Inject
    RecordStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAnswerEveryConcurrentCreateWhole() throws Exception {
        String tag = "g" + UUID.randomUUID().toString().substring(0, 8);
        UUID shared = UUID.randomUUID();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                // Two of them name the same key: exactly one may have it.
                String key = i == 7 || i == 31 ? "\"activityid\": \"" + shared + "\", " : "";
                String body = email(key, tag + " " + i);
                answers.add(clients.submit(() -> given().contentType("application/json")
                        .header("Accept", "application/json").body(body).post(ROOT + "emails")));
            }
            Set<UUID> ids = new HashSet<>();
            int duplicates = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 412) {
                    assertEquals(DataverseError.DUPLICATE_RECORD.code(), response.jsonPath().getString("error.code"));
                    duplicates++;
                    continue;
                }
                assertEquals(204, response.statusCode(), response.asString());
                Matcher matcher = ENTITY_ID.matcher(response.header("OData-EntityId"));
                assertTrue(matcher.matches(), response.header("OData-EntityId"));
                ids.add(UUID.fromString(matcher.group(1)));
            }
            assertEquals(1, duplicates);
            assertEquals(47, ids.size());
            assertTrue(ids.contains(shared));
            for (UUID id : ids) {
                assertEquals(List.of(1, 2, 3), parties(id), "the parties of " + id);
                Object recipients = store.query(Sql.of("SELECT torecipients FROM email WHERE activityid = ?", id))
                        .get(0).get("torecipients");
                assertEquals("to-" + tag + "@group.test", recipients);
            }
            KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> createdEvents(kafka, ids).size() == ids.size());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void shouldFailOnlyTheCreateWhoseRowFailsInAGroup() {
        String tag = "g" + UUID.randomUUID().toString().substring(0, 8);
        UUID shared = UUID.randomUUID();
        List<PreparedCreate> group = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String key = i == 1 || i == 2 ? "\"activityid\": \"" + shared + "\", " : "";
            group.add(writer.prepare(bodies.read(registry.require(EmailTable.NAME),
                    bodies.parseObject(email(key, tag + " " + i), EmailTable.NAME)), null));
        }

        List<RuntimeException> failures = groupCommit.write(group);

        assertNull(failures.get(0));
        assertNull(failures.get(1));
        assertTrue(failures.get(2) instanceof DataverseException refused
                && refused.error() == DataverseError.DUPLICATE_RECORD, String.valueOf(failures.get(2)));
        assertNull(failures.get(3));
        // The first of the two keeps its row and its three parties; nothing of the refused one is there.
        assertEquals(List.of(1, 2, 3), parties(shared));
        assertEquals(tag + " 1", store.query(Sql.of("SELECT subject FROM email WHERE activityid = ?", shared))
                .get(0).get("subject"));
        assertEquals(List.of(1, 2, 3), parties(group.get(0).id()));
        assertEquals(List.of(1, 2, 3), parties(group.get(3).id()));
        assertEquals(3L, ((Number) store.query(Sql.of("SELECT count(*) AS n FROM email WHERE subject LIKE ?",
                tag + " %")).get(0).get("n")).longValue());
    }

    private List<Integer> parties(UUID id) {
        return store.query(Sql.of("SELECT participationtypemask AS mask FROM activityparty WHERE activityid = ? "
                + "ORDER BY participationtypemask", id)).stream().map(row -> ((Number) row.get("mask")).intValue())
                .toList();
    }

    private static Set<String> createdEvents(KafkaTestClient kafka, Set<UUID> ids) {
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<String, String> record : kafka.allRecords(Topics.EMAIL_LIFECYCLE,
                r -> r.key() != null && ids.contains(UUID.fromString(r.key()))
                        && EmailActivityCreated.TYPE.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE)))) {
            keys.add(record.key());
        }
        return keys;
    }

    private static String email(String key, String subject) {
        String tag = subject.substring(0, subject.indexOf(' '));
        return """
                {%s"subject": "%s", "description": "<p>Grouped</p>", "email_activity_parties": [
                  {"participationtypemask": 1, "addressused": "from-%s@group.test"},
                  {"participationtypemask": 2, "addressused": "to-%s@group.test"},
                  {"participationtypemask": 3, "addressused": "cc-%s@group.test"}]}
                """.formatted(key, subject, tag, tag, tag);
    }
}
