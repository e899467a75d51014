package dev.mailroom.activity.odata.rest;

import static dev.mailroom.activity.odata.rest.WebApi.ROOT;
import static dev.mailroom.activity.odata.rest.WebApi.request;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.secrets.CredentialSeal;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailApprovalSettingsChanged;
import dev.mailroom.events.EmailServerProfileChanged;
import dev.mailroom.events.MailboxChanged;
import dev.mailroom.events.MailboxOwnerChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Mailboxes, users, queues, the organization's approval settings and server profiles are published to the routers'
 * compacted topic in the transaction of each change, with passwords sealed (in the event and at rest).
 */
@QuarkusTest
class MailboxSettingsEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    CredentialSeal seal;

    @Inject
    DataSource dataSource;

    @Test
    void shouldPublishAMailboxWithItsOwnerAndItsServerProfile() throws Exception {
        UUID user = WebApi.create("systemusers", """
                {"firstname": "Ada", "lastname": "Router", "internalemailaddress": "ada-%s@mailroom.test"}
                """.formatted(WebApi.tag()));
        UUID profile = WebApi.create("emailserverprofiles", """
                {"name": "Relay", "outgoingserverlocation": "smtp.example.com", "outgoingportnumber": 465,
                 "outgoingusessl": true, "outgoingusername": "relay-user", "outgoingpassword": "Relay-Secret-1"}
                """);
        UUID mailbox = WebApi.create("mailboxes", """
                {"name": "Ada", "emailaddress": "Ada@mailroom.test", "outgoingemaildeliverymethod": 2,
                 "regardingobjectid_systemuser@odata.bind": "/systemusers(%s)",
                 "emailserverprofile@odata.bind": "/emailserverprofiles(%s)"}
                """.formatted(user, profile));

        JsonNode owner = payload(await("systemuser/" + user, MailboxOwnerChanged.TYPE, r -> true));
        assertEquals("systemuser", owner.get("ownerType").asText());
        assertEquals(0, owner.get("approval").asInt());

        JsonNode box = payload(await("mailbox/" + mailbox, MailboxChanged.TYPE, r -> true));
        assertEquals("Ada@mailroom.test", box.get("emailAddress").asText());
        assertEquals(user.toString(), box.get("ownerId").asText());
        assertEquals("systemuser", box.get("ownerType").asText());
        assertEquals(profile.toString(), box.get("serverProfileId").asText());
        assertEquals(2, box.get("outgoingDeliveryMethod").asInt());
        assertFalse(box.get("deleted").asBoolean());

        ConsumerRecord<String, String> profileRecord = await("emailserverprofile/" + profile,
                EmailServerProfileChanged.TYPE, r -> true);
        assertFalse(profileRecord.value().contains("Relay-Secret-1"), "the password never travels in clear");
        JsonNode server = payload(profileRecord);
        assertEquals("smtp.example.com", server.get("outgoingServer").asText());
        assertEquals(465, server.get("outgoingPort").asInt());
        assertEquals("Relay-Secret-1", seal.open(server.get("outgoingPasswordSealed").asText()));
        assertTrue(server.get("incomingPasswordSealed").isNull());

        String stored = storedPassword(profile);
        assertTrue(CredentialSeal.isSealed(stored), "the password is stored sealed");
        assertEquals("Relay-Secret-1", seal.open(stored));
        request().when().get(ROOT + "emailserverprofiles(" + profile + ")").then().statusCode(200)
                .body("$", not(hasKey("outgoingpassword")));
    }

    @Test
    void shouldPublishApprovalChangesAndDeletions() throws Exception {
        UUID queue = WebApi.create("queues", """
                {"name": "Support", "emailaddress": "support-%s@mailroom.test"}
                """.formatted(WebApi.tag()));
        request().body("{\"emailrouteraccessapproval\": 1}").when().patch(ROOT + "queues(" + queue + ")")
                .then().statusCode(204);
        await("queue/" + queue, MailboxOwnerChanged.TYPE, r -> r.value().contains("\"approval\":1"));

        UUID mailbox = WebApi.create("mailboxes", """
                {"name": "Support", "emailaddress": "support@mailroom.test",
                 "regardingobjectid_queue@odata.bind": "/queues(%s)"}
                """.formatted(queue));
        request().when().delete(ROOT + "mailboxes(" + mailbox + ")").then().statusCode(204);
        JsonNode deleted = payload(await("mailbox/" + mailbox, MailboxChanged.TYPE,
                r -> r.value().contains("\"deleted\":true")));
        assertEquals("queue", deleted.get("ownerType").asText());

        String organization = request().when().get(ROOT + "organizations").then().statusCode(200).extract()
                .path("value[0].organizationid");
        request().body("{\"requireapprovalforqueueemail\": true}").when()
                .patch(ROOT + "organizations(" + organization + ")").then().statusCode(204);
        JsonNode settings = payload(await("organization/" + organization, EmailApprovalSettingsChanged.TYPE,
                r -> r.value().contains("\"requireApprovalForQueueEmail\":true")));
        assertFalse(settings.get("requireApprovalForUserEmail").asBoolean());
        request().body("{\"requireapprovalforqueueemail\": false}").when()
                .patch(ROOT + "organizations(" + organization + ")").then().statusCode(204);
        await("organization/" + organization, EmailApprovalSettingsChanged.TYPE,
                r -> r.value().contains("\"requireApprovalForQueueEmail\":false"));
    }

    @Test
    void shouldPublishNothingWhenAChangeIsRefused() {
        String tag = WebApi.tag();
        request().body("{\"name\": \"Bad\", \"emailaddress\": \"not an address " + tag + "\"}").when()
                .post(ROOT + "mailboxes").then().statusCode(400);
        assertTrue(new KafkaTestClient(bootstrapServers).allRecords(Topics.MAILBOX_SETTINGS,
                r -> r.value().contains(tag)).isEmpty());
    }

    private ConsumerRecord<String, String> await(String key, String type,
            Predicate<ConsumerRecord<String, String>> match) {
        ConsumerRecord<String, String> record = new KafkaTestClient(bootstrapServers).awaitRecord(
                Topics.MAILBOX_SETTINGS, r -> key.equals(r.key())
                        && type.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE)) && match.test(r),
                Duration.ofSeconds(60));
        assertEquals("/activity-service", KafkaTestClient.header(record, CloudEventHeaders.SOURCE));
        return record;
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) throws Exception {
        return JSON.readTree(record.value());
    }

    private String storedPassword(UUID profile) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT outgoingpassword FROM emailserverprofile WHERE emailserverprofileid = ?")) {
            statement.setObject(1, profile);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
