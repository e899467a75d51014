package dev.mailroom.activity.rest;

import static io.restassured.RestAssured.given;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;

/** Small helpers for calling the Web API the way a Dataverse client does. */
final class EmailApi {

    static final String ROOT = "/api/data/v9.2/";
    static final Pattern ENTITY_ID = Pattern.compile(".*/api/data/v9\\.2/emails\\(([0-9a-f-]{36})\\)$");

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
        return given().contentType("application/json").header("OData-Version", "4.0").body(body)
                .when().post(ROOT + path);
    }

    static UUID createEmail(String body) {
        Response response = post("emails", body);
        response.then().statusCode(204);
        Matcher matcher = ENTITY_ID.matcher(response.header("OData-EntityId"));
        if (!matcher.matches()) {
            throw new AssertionError("Unexpected OData-EntityId " + response.header("OData-EntityId"));
        }
        return UUID.fromString(matcher.group(1));
    }

    static Response sendEmail(UUID id, boolean issueSend) {
        return post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail", "{\"IssueSend\": " + issueSend + "}");
    }
}
