package dev.mailroom.activity.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The routers' incoming mail over the real broker: delivered as DeliverIncomingEmail does, once per Message-ID
 * however often it is published, and correlated by References.
 */
@QuarkusTest
class IncomingEmailConsumerTest {

    private static final String ROOT = "/api/data/v9.2/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldDeliverEachMessageOnceAndCorrelateTheReply() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID mailbox = UUID.randomUUID();
        UUID otherMailbox = UUID.randomUUID();
        String messageId = "<" + tag + "@incoming.test>";
        UUID first = UUID.randomUUID();
        UUID duplicate = UUID.randomUUID();
        UUID reply = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();

        publish(eventId, first, mailbox, messageId, null, List.of(), "Hello " + tag, first);
        // The same event again, and the same message pulled by another mailbox (another activity id).
        publish(eventId, first, mailbox, messageId, null, List.of(), "Hello " + tag, first);
        publish(UUID.randomUUID(), duplicate, otherMailbox, messageId, null, List.of(), "Hello " + tag, first);
        // Keyed like the others, so it is consumed after them.
        publish(UUID.randomUUID(), reply, mailbox, "<re-" + tag + "@incoming.test>", null,
                List.of("<unknown@elsewhere.test>", messageId), "Re: Hello " + tag, first);

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + reply + ")").then().statusCode(200));

        given().when().get(ROOT + "emails(" + first + ")").then().statusCode(200)
                .body("statuscode", equalTo(4))
                .body("directioncode", equalTo(false))
                .body("subject", equalTo("Hello " + tag))
                .body("sender", equalTo("writer@" + tag + ".test"));
        given().when().get(ROOT + "emails(" + duplicate + ")").then().statusCode(404);
        given().queryParam("$filter", "messageid eq '" + messageId + "'").when().get(ROOT + "emails/$count")
                .then().body(equalTo("1"));
        given().when().get(ROOT + "emails(" + reply + ")").then()
                .body("correlationmethod", equalTo(3))
                .body("_parentactivityid_value", equalTo(first.toString()));
    }

    private void publish(UUID eventId, UUID activityId, UUID mailboxId, String messageId, String inReplyTo,
            List<String> references, String subject, UUID key) {
        try {
            String json = mapper.writeValueAsString(new IncomingEmailReceived(eventId, Instant.now(), activityId,
                    mailboxId, messageId, inReplyTo, references, "writer@" + subject.replaceAll(".* ", "") + ".test",
                    List.of("admin@mailroom.local"), List.of(), subject, "<p>Hi</p>", Instant.now()));
            new KafkaTestClient(bootstrapServers).publishCloudEvent(Topics.EMAIL_INCOMING, key.toString(), eventId,
                    IncomingEmailReceived.TYPE, json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
