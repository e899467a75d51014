package dev.mailroom.endtoend.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A Web API client's part of one email's path: create it, SendEmail it, wait until it is Sent (statuscode 3). */
final class OneEmail {

    private OneEmail() {
    }

    static UUID createAndSend(String activityUrl, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String root = activityUrl + "/api/data/v9.2/";
        HttpResponse<String> created = http.send(request(root + "emails", token).POST(
                HttpRequest.BodyPublishers.ofString("""
                        {"subject": "Traced", "description": "<p>One email, one trace.</p>",
                         "email_activity_parties": [
                           {"participationtypemask": 1, "addressused": "orders@mailroom.test"},
                           {"participationtypemask": 2, "addressused": "traced-%s@example.com"}]}
                        """.formatted(UUID.randomUUID()))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, created.statusCode(), created.body());
        String entityId = created.headers().firstValue("OData-EntityId").orElseThrow();
        UUID id = UUID.fromString(entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1));
        HttpResponse<String> sent = http.send(request(root + "emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail",
                token).POST(HttpRequest.BodyPublishers.ofString("{\"IssueSend\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sent.statusCode(), sent.body());
        ObjectMapper json = new ObjectMapper();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> json
                .readTree(http.send(request(root + "emails(" + id + ")?$select=statuscode", token).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("statuscode").asInt() == 3);
        return id;
    }

    private static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0").header("OData-Version", "4.0");
    }
}
