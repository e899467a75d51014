package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * BackgroundSendEmail on the real stack: emails of an Outlook-style mailbox wait for external senders, never for
 * a router; concurrent callers never share an email; the caller's report ends the lease; an expired lease returns
 * the email to the pool. The test profile leases for 10 seconds.
 */
@QuarkusTest
class BackgroundSendEmailTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldNeverHandTheSameEmailToTwoConcurrentCallers() throws Exception {
        String sender = outlookMailbox();
        Set<UUID> mine = new HashSet<>(pendingEmails(sender, 12));

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<UUID>>> callers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return handedOut();
            }));
        }
        start.countDown();
        List<UUID> first = callers.get(0).get();
        List<UUID> second = callers.get(1).get();

        Set<UUID> both = new HashSet<>(first);
        both.retainAll(second);
        assertEquals(Set.of(), both, "an email handed to both callers");
        Set<UUID> union = new HashSet<>(first);
        union.addAll(second);
        assertTrue(union.containsAll(mine), "every pending email handed out once: " + union + " vs " + mine);
        assertTrue(kafka().allRecords(Topics.EMAIL_PENDING, r -> mine.contains(
                UUID.fromString(KafkaTestClient.header(r, CloudEventHeaders.SUBJECT)))).isEmpty(),
                "an external sender's email reached the routers");
    }

    @Test
    void shouldEndTheLeaseWhenTheCallerReportsTheOutcome() {
        String sender = outlookMailbox();
        List<UUID> mine = pendingEmails(sender, 2);
        List<UUID> leased = awaitHandedOut(mine);
        assertTrue(leased.containsAll(mine));

        WebApi.request().body("{\"statecode\":1,\"statuscode\":3}")
                .patch(EmailApi.ROOT + "emails(" + mine.get(0) + ")").then().statusCode(204);
        WebApi.request().body("{\"statecode\":0,\"statuscode\":8}")
                .patch(EmailApi.ROOT + "emails(" + mine.get(1) + ")").then().statusCode(204);

        given().when().get(EmailApi.ROOT + "emails(" + mine.get(0) + ")").then()
                .body("statuscode", equalTo(3)).body("senton", notNullValue()).body("deliveryattempts", equalTo(1));
        given().when().get(EmailApi.ROOT + "emails(" + mine.get(1) + ")").then()
                .body("statuscode", equalTo(8)).body("deliveryattempts", equalTo(1));
        // Reported once, the lease is over: a second report is a change to a completed email.
        WebApi.request().body("{\"statecode\":1,\"statuscode\":7}")
                .patch(EmailApi.ROOT + "emails(" + mine.get(0) + ")").then().statusCode(400)
                .body("error.code", equalTo("0x80040265"));
    }

    @Test
    void shouldRefuseAStatusReportForAnEmailNotLeased() {
        UUID routed = EmailApi.createEmail(EmailApi.emailBody("Routed", "router-sender@b.io", "c@d.io"));
        EmailApi.sendEmail(routed, true).then().statusCode(200);

        WebApi.request().body("{\"statecode\":1,\"statuscode\":3}").patch(EmailApi.ROOT + "emails(" + routed + ")")
                .then().statusCode(400).body("error.code", equalTo("0x80040265"));
    }

    @Test
    void shouldReturnAnEmailToThePoolWhenItsLeaseExpires() {
        String sender = outlookMailbox();
        UUID id = pendingEmails(sender, 1).get(0);
        awaitHandedOut(List.of(id));
        assertTrue(!handedOut().contains(id), "handed out again while leased");

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> handedOut().contains(id));
    }

    private static List<UUID> awaitHandedOut(List<UUID> ids) {
        List<UUID> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            seen.addAll(handedOut());
            return seen.containsAll(ids);
        });
        return seen;
    }

    private static List<UUID> handedOut() {
        List<String> ids = EmailApi.post("BackgroundSendEmail", "{}").then().statusCode(200)
                .extract().path("EntityCollection.activityid");
        return ids.stream().map(UUID::fromString).toList();
    }

    private static String outlookMailbox() {
        String address = WebApi.tag() + "@outlook.test";
        WebApi.create("mailboxes", "{\"name\":\"Outlook\",\"emailaddress\":\"" + address
                + "\",\"outgoingemaildeliverymethod\":1}");
        return address;
    }

    private static List<UUID> pendingEmails(String sender, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = EmailApi.createEmail(EmailApi.emailBody("Outlook " + i, sender, "to@example.com"));
            EmailApi.sendEmail(id, true).then().statusCode(200);
            given().when().get(EmailApi.ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(6));
            ids.add(id);
        }
        return ids;
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
