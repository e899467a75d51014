package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A PATCH of a draft that carries {@code email_activity_parties} replaces its whole party list, as in Dataverse,
 * with the sender and recipient text following; an email that is no longer a draft keeps its parties, and a refused
 * list leaves the old one untouched.
 */
@QuarkusTest
class EmailPartiesUpdateTest {

    private static final String ROOT = WebApi.ROOT;

    @Test
    void shouldReplaceTheWholePartyListOfADraft() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Parties", "old-from@example.com", "old-to@example.com"));
        WebApi.request().body("""
                {"subject": "Parties replaced", "email_activity_parties": [
                  {"participationtypemask": 1, "addressused": "new-from@example.com"},
                  {"participationtypemask": 2, "addressused": "to-1@example.com"},
                  {"participationtypemask": 2, "addressused": "to-2@example.com"},
                  {"participationtypemask": 4, "addressused": "bcc@example.com"}]}
                """).patch(ROOT + "emails(" + id + ")").then().statusCode(204);

        given().get(ROOT + "emails(" + id + ")?$select=subject,sender,torecipients"
                + "&$expand=email_activity_parties($select=addressused,participationtypemask)")
                .then().statusCode(200)
                .body("subject", equalTo("Parties replaced"))
                .body("sender", equalTo("new-from@example.com"))
                .body("torecipients", equalTo("to-1@example.com;to-2@example.com"))
                .body("email_activity_parties", hasSize(4))
                .body("email_activity_parties.addressused", containsInAnyOrder("new-from@example.com",
                        "to-1@example.com", "to-2@example.com", "bcc@example.com"));

        WebApi.request().body("{\"email_activity_parties\": []}").patch(ROOT + "emails(" + id + ")")
                .then().statusCode(204);
        given().get(ROOT + "emails(" + id + ")?$select=torecipients&$expand=email_activity_parties")
                .then().statusCode(200).body("email_activity_parties", hasSize(0));
    }

    @Test
    void shouldKeepThePartiesWhenTheNewListIsRefused() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Kept", "from@example.com", "to@example.com"));
        String[] refused = {
            "{\"email_activity_parties\": [{\"participationtypemask\": 2, \"addressused\": \"not an address\"}]}",
            "{\"email_activity_parties\": [{\"participationtypemask\": 99, \"addressused\": \"a@example.com\"}]}",
            "{\"email_activity_parties\": [{\"participationtypemask\": 1, \"addressused\": \"a@example.com\"},"
                    + "{\"participationtypemask\": 1, \"addressused\": \"b@example.com\"}]}",
            "{\"email_activity_parties\": [{\"participationtypemask\": 2, \"addressused\": "
                    + "\"a@example.com\\r\\nBcc: victim@example.com\"}]}",
            "{\"email_activity_parties\": {\"participationtypemask\": 2}}",
        };
        for (String body : refused) {
            WebApi.request().body(body).patch(ROOT + "emails(" + id + ")").then().statusCode(400)
                    .body("error.code", org.hamcrest.Matchers.startsWith("0x"));
        }
        given().get(ROOT + "emails(" + id + ")?$select=torecipients"
                + "&$expand=email_activity_parties($select=addressused)").then().statusCode(200)
                .body("torecipients", equalTo("to@example.com"))
                .body("email_activity_parties.addressused", containsInAnyOrder("from@example.com",
                        "to@example.com"));
    }

    @Test
    void shouldRefuseToChangeThePartiesOfAnEmailThatIsNoLongerADraft() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Closed", "from@example.com", "to@example.com"));
        WebApi.request().body("{\"statecode\": 1, \"statuscode\": 2}").patch(ROOT + "emails(" + id + ")")
                .then().statusCode(204);
        WebApi.request().body("{\"email_activity_parties\": [{\"participationtypemask\": 2, "
                + "\"addressused\": \"other@example.com\"}]}").patch(ROOT + "emails(" + id + ")")
                .then().statusCode(400).body("error.code", equalTo("0x80040265"));
        WebApi.request().body("{\"statecode\": 0, \"email_activity_parties\": [{\"participationtypemask\": 2, "
                + "\"addressused\": \"other@example.com\"}]}").patch(ROOT + "emails(" + id + ")")
                .then().statusCode(400);
        given().get(ROOT + "emails(" + id + ")?$select=subject&$expand=email_activity_parties($select=addressused)")
                .then().statusCode(200).body("email_activity_parties.addressused",
                        containsInAnyOrder("from@example.com", "to@example.com"));
    }
}
