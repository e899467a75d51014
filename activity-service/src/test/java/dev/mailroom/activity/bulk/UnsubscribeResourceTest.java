package dev.mailroom.activity.bulk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mailroom.templating.UnsubscribeLinks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A bulk email's one-click unsubscribe link (RFC 8058): a POST, with no bearer token, opts its recipient out of bulk
 * email; opening the link (GET) changes nothing; a link this service did not sign changes nothing either.
 */
@QuarkusTest
class UnsubscribeResourceTest {

    private static final String ROOT = "/api/data/v9.2/";
    /** The test profile's mailroom.unsubscribe.secret, as bulk-mail-service would hold it. */
    private static final UnsubscribeLinks LINKS = new UnsubscribeLinks("http://127.0.0.1/unsubscribe",
            "activity-service-test-unsubscribe-secret");
    private static final UUID JOB = UUID.randomUUID();

    @Test
    void shouldOptTheRecipientOutOfBulkEmailOnAOneClickPost() {
        String contact = create("contacts", "{\"lastname\":\"Reader\",\"emailaddress1\":\"reader@example.org\"}");
        JsonPath before = read("contacts", contact);

        // As a mailbox provider sends it (RFC 8058): a form body, no cookies, no token.
        given().noFilters().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .when().post(path("contact", contact)).then().statusCode(200)
                .body(containsString("You are unsubscribed"));

        JsonPath after = read("contacts", contact);
        assertEquals(true, after.getBoolean("donotbulkemail"));
        assertEquals(false, after.getBoolean("donotemail"), "only bulk email is refused");
        assertNotNull(after.getString("'@odata.etag'"));
        assertNotEquals(before.getString("'@odata.etag'"), after.getString("'@odata.etag'"));

        // A second click (or the provider retrying) changes nothing more.
        given().noFilters().multiPart("List-Unsubscribe", "One-Click").when().post(path("contact", contact))
                .then().statusCode(200);
        assertEquals(after.getString("'@odata.etag'"), read("contacts", contact).getString("'@odata.etag'"));
    }

    @Test
    void shouldOptOutAccountsAndLeadsToo() {
        String account = create("accounts", "{\"name\":\"Contoso\"}");
        String lead = create("leads", "{\"lastname\":\"Prospect\"}");
        double accountsBefore = unsubscribes("account");
        double leadsBefore = unsubscribes("lead");
        given().noFilters().when().post(path("account", account)).then().statusCode(200);
        given().noFilters().when().post(path("lead", lead)).then().statusCode(200);
        given().noFilters().when().post(path("lead", lead)).then().statusCode(200);
        assertEquals(true, read("accounts", account).getBoolean("donotbulkemail"));
        assertEquals(true, read("leads", lead).getBoolean("donotbulkemail"));
        // Counted per recipient opted out, by table: the lead's second click is not another unsubscribe.
        assertEquals(accountsBefore + 1, unsubscribes("account"));
        assertEquals(leadsBefore + 1, unsubscribes("lead"));
    }

    /** {@code mailroom_unsubscribes_total{table=...}} at /q/metrics (0 before the first). */
    private static double unsubscribes(String table) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^mailroom_unsubscribes_total\\{[^}]*table=\"" + table
                + "\"[^}]*\\} ([0-9.eE+-]+)").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void shouldOnlyShowTheButtonWhenTheLinkIsOpened() {
        String contact = create("contacts", "{\"lastname\":\"Previewed\"}");
        given().noFilters().when().get(path("contact", contact)).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<form method=\"post\""), containsString("One-Click"));
        assertEquals(false, read("contacts", contact).getBoolean("donotbulkemail"));
    }

    @Test
    void shouldRefuseALinkItDidNotSignAndChangeNothing() {
        String contact = create("contacts", "{\"lastname\":\"Target\"}");
        String token = token("contact", contact);
        String forged = new UnsubscribeLinks("http://127.0.0.1/unsubscribe", "another-secret-of-enough-length")
                .linkFor("contact", UUID.fromString(contact), JOB);
        for (String bad : new String[] {token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
                token.substring(0, 30), "not-a-token", forged.substring(forged.lastIndexOf('/') + 1)}) {
            given().noFilters().when().post("/unsubscribe/" + bad).then().statusCode(404)
                    .body("error.code", equalTo("0x80040217"))
                    .body("error.message", equalTo("This unsubscribe link is not valid."));
            given().noFilters().when().get("/unsubscribe/" + bad).then().statusCode(404)
                    .body(not(containsString("<form")));
        }
        assertEquals(false, read("contacts", contact).getBoolean("donotbulkemail"));
    }

    @Test
    void shouldAnswerTheSameForARecipientThatNoLongerExists() {
        given().noFilters().when().post(path("contact", UUID.randomUUID().toString())).then().statusCode(200)
                .body(containsString("You are unsubscribed"));
    }

    private static String path(String table, String id) {
        return "/unsubscribe/" + token(table, id);
    }

    private static String token(String table, String id) {
        String link = LINKS.linkFor(table, UUID.fromString(id), JOB);
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static String create(String set, String body) {
        String location = given().contentType("application/json").body(body).when().post(ROOT + set)
                .then().statusCode(204).extract().header("OData-EntityId");
        return location.substring(location.lastIndexOf('(') + 1, location.length() - 1);
    }

    private static JsonPath read(String set, String id) {
        return given().when().get(ROOT + set + "(" + id + ")").then().statusCode(200).extract().jsonPath();
    }
}
