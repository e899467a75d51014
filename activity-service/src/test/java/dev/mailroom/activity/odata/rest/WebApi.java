package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls the Web API the way a Dataverse client does: JSON bodies, OData headers, ids from OData-EntityId. */
final class WebApi {

    static final String ROOT = "/api/data/v9.2/";
    private static final Pattern ENTITY_ID = Pattern.compile(".*/api/data/v9\\.2/[a-z]+\\(([0-9a-f-]{36})\\)$");

    private WebApi() {
    }

    static RequestSpecification request() {
        return given().contentType("application/json").header("OData-Version", "4.0")
                .header("Accept", "application/json");
    }

    static UUID create(String entitySet, String body) {
        Response response = request().body(body).when().post(ROOT + entitySet);
        response.then().statusCode(204);
        return idOf(response);
    }

    static UUID idOf(Response response) {
        Matcher matcher = ENTITY_ID.matcher(response.header("OData-EntityId"));
        if (!matcher.matches()) {
            throw new AssertionError("Unexpected OData-EntityId " + response.header("OData-EntityId"));
        }
        return UUID.fromString(matcher.group(1));
    }

    static UUID createContact(String firstname, String lastname, String email, String tag) {
        return create("contacts", """
                {"firstname": %s, "lastname": %s, "emailaddress1": %s, "jobtitle": "%s"}
                """.formatted(quoted(firstname), quoted(lastname), quoted(email), tag));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /** A fresh marker that isolates one test's rows from every other test's in the shared database. */
    static String tag() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }
}
