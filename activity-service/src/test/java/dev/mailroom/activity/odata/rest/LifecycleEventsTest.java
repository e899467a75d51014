package dev.mailroom.activity.odata.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailActivityCanceled;
import dev.mailroom.events.EmailActivityCreated;
import dev.mailroom.events.EmailActivityReceived;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/** created, canceled and received reach email-lifecycle through the outbox, keyed by activity id, once each. */
@QuarkusTest
class LifecycleEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldPublishCreatedThenCanceled() throws Exception {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Lifecycle", "from@life.test", "to@life.test"));
        JsonNode created = await(id, EmailActivityCreated.TYPE);
        assertEquals("Lifecycle", created.get("subject").asText());
        assertEquals("from@life.test", created.get("from").asText());
        assertEquals("to@life.test", created.get("to").get(0).asText());
        assertEquals(1, created.get("statuscode").asInt());

        WebApi.request().body("{\"statecode\":2,\"statuscode\":5}").patch(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(204);
        JsonNode canceled = await(id, EmailActivityCanceled.TYPE);
        assertEquals("Lifecycle", canceled.get("subject").asText());
    }

    @Test
    void shouldPublishReceivedOncePerMessageId() throws Exception {
        String tag = WebApi.tag();
        String original = "<" + tag + "@life.test>";
        UUID first = IncomingEmailTest.deliver(original, "Hi", "a@" + tag + ".test", "admin@mailroom.local", null,
                false);
        UUID reply = IncomingEmailTest.deliver("<re-" + tag + "@life.test>", "Re: Hi", "admin@mailroom.local",
                "a@" + tag + ".test", original, false);
        IncomingEmailTest.deliver(original, "Hi", "a@" + tag + ".test", "admin@mailroom.local", null, false);

        JsonNode received = await(reply, EmailActivityReceived.TYPE);
        assertEquals(first.toString(), received.get("parentActivityId").asText());
        assertEquals(3, received.get("correlationMethod").asInt());
        assertEquals("admin@mailroom.local", received.get("from").asText());
        await(first, EmailActivityReceived.TYPE);
        assertEquals(1, kafka().allRecords(Topics.EMAIL_LIFECYCLE,
                r -> first.toString().equals(r.key())
                        && EmailActivityReceived.TYPE.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE)))
                .size());
    }

    private JsonNode await(UUID id, String type) throws Exception {
        ConsumerRecord<String, String> record = kafka().awaitRecord(Topics.EMAIL_LIFECYCLE,
                r -> id.toString().equals(r.key()) && type.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE)),
                Duration.ofSeconds(60));
        assertEquals(id.toString(), KafkaTestClient.header(record, CloudEventHeaders.SUBJECT));
        JsonNode payload = mapper.readTree(record.value());
        assertEquals(id.toString(), payload.get("activityId").asText());
        return payload;
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
