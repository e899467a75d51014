package dev.mailroom.activity.odata.rest;

import java.util.UUID;

import io.restassured.response.Response;

/** Email-shaped helpers on top of {@link WebApi}: a body with a sender and a recipient, SendEmail. */
final class EmailApi {

    static final String ROOT = WebApi.ROOT;

    private EmailApi() {
    }

    static String emailBody(String subject, String from, String to) {
        return """
                {"subject": "%s", "description": "<p>Hello from Mailroom</p>",
                 "email_activity_parties": [
                   {"participationtypemask": 1, "addressused": "%s"},
                   {"participationtypemask": 2, "addressused": "%s"}]}
                """.formatted(subject, from, to);
    }

    static Response post(String path, String body) {
        return WebApi.request().body(body).when().post(ROOT + path);
    }

    static UUID createEmail(String body) {
        return WebApi.create("emails", body);
    }

    static Response sendEmail(UUID id, boolean issueSend) {
        return post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail", "{\"IssueSend\": " + issueSend + "}");
    }
}
