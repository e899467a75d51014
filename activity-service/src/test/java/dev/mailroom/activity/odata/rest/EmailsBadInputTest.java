package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mailroom.activity.repository.EmailActivityRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Bad requests get a 4xx with the Dataverse error body, and write nothing. */
@QuarkusTest
class EmailsBadInputTest {

    @Inject
    EmailActivityRepository repository;

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/bad-input/create-email.csv", delimiter = '|', quoteCharacter = '\'',
            maxCharsPerColumn = 10_000)
    void shouldRefuseBadCreateBodies(String name, String body, int status, String code, String message) {
        long before = countEmails();

        EmailApi.post("emails", body).then().statusCode(status)
                .body("error.code", equalTo(code))
                .body("error.message", containsString(message));

        assertEquals(before, countEmails(), "a refused request must not write a row");
    }

    @Test
    void shouldRefuseSubjectLongerThanDataverseAllows() {
        String subject = "s".repeat(801);
        EmailApi.post("emails", EmailApi.emailBody(subject, "a@b.io", "c@d.io")).then().statusCode(400)
                .body("error.code", equalTo("0x80040203"))
                .body("error.message", containsString("maximum allowed length of '800'"));
    }

    @Test
    void shouldRefuseMoreThanFiveHundredPartiesOnOneEmail() {
        String party = "{\"participationtypemask\":2,\"addressused\":\"a@b.io\"}";
        String body = "{\"subject\":\"x\",\"email_activity_parties\":["
                + String.join(",", java.util.Collections.nCopies(501, party)) + "]}";
        long before = countEmails();
        EmailApi.post("emails", body).then().statusCode(400)
                .body("error.code", equalTo("0x80040203"))
                .body("error.message", containsString("at most 500"));
        assertEquals(before, countEmails());
    }

    @Test
    void shouldRefuseNonJsonContentType() {
        given().contentType("text/plain").body("hello").when().post(EmailApi.ROOT + "emails")
                .then().statusCode(415).body("error.code", equalTo("0x80060888"));
    }

    @Test
    void shouldNotGetUnknownEmail() {
        UUID unknown = UUID.randomUUID();
        given().when().get(EmailApi.ROOT + "emails(" + unknown + ")")
                .then().statusCode(404)
                .body("error.code", equalTo("0x80040217"))
                .body("error.message", equalTo("email With Id = " + unknown + " Does Not Exist"));
    }

    @Test
    void shouldNotSendUnknownEmail() {
        UUID unknown = UUID.randomUUID();
        EmailApi.sendEmail(unknown, true).then().statusCode(404).body("error.code", equalTo("0x80040217"));
    }

    @Test
    void shouldRefuseKeyThatIsNoGuid() {
        errorOf(given().when().get(EmailApi.ROOT + "emails(not-a-guid)").then(), 400, "0x80060888");
    }

    @Test
    void shouldRefuseUnknownSegment() {
        errorOf(given().when().get(EmailApi.ROOT + "Emails").then(), 404, "0x8006088a")
                .body("error.message", equalTo("Resource not found for the segment 'Emails'."));
    }

    @Test
    void shouldRefuseUnknownSelectColumnAndExpand() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Select", "a@b.io", "c@d.io"));
        errorOf(given().queryParam("$select", "colour").when().get(EmailApi.ROOT + "emails(" + id + ")").then(),
                400, "0x80060888").body("error.message", containsString("'colour'"));
        errorOf(given().queryParam("$expand", "owner").when().get(EmailApi.ROOT + "emails(" + id + ")").then(),
                400, "0x80060888");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no IssueSend                 | {}                                   | 0x80040203 | IssueSend
            IssueSend of the wrong type  | {"IssueSend":"yes"}                  | 0x80048d19 | Edm.Boolean
            an unknown parameter         | {"IssueSend":true,"Urgent":true}     | 0x80060888 | Urgent
            malformed JSON               | {"IssueSend":                        | 0x80048d19 | not valid JSON
            """)
    void shouldRefuseBadSendEmailParameters(String name, String body, String code, String message) {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Bad send", "a@b.io", "c@d.io"));

        EmailApi.post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail", body).then().statusCode(400)
                .body("error.code", equalTo(code))
                .body("error.message", containsString(message));

        given().when().get(EmailApi.ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(1));
    }

    @Test
    void shouldRefuseToSendEmailWithoutSender() {
        UUID id = EmailApi.createEmail("""
                {"subject":"No sender","email_activity_parties":[{"participationtypemask":2,"addressused":"c@d.io"}]}
                """);
        EmailApi.sendEmail(id, true).then().statusCode(400)
                .body("error.code", equalTo("0x80040203"))
                .body("error.message", containsString("sender"));
        given().when().get(EmailApi.ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(1));
    }

    @Test
    void shouldRefuseToSendIncomingEmail() {
        UUID id = EmailApi.createEmail("""
                {"subject":"In","directioncode":false,"email_activity_parties":[
                  {"participationtypemask":1,"addressused":"a@b.io"},
                  {"participationtypemask":2,"addressused":"c@d.io"}]}
                """);
        EmailApi.sendEmail(id, true).then().statusCode(400).body("error.message", containsString("outgoing"));
    }

    @Test
    void shouldRefuseWrongMethod() {
        errorOf(given().when().delete(EmailApi.ROOT + "emails").then(), 405, "0x80060888");
    }

    private static ValidatableResponse errorOf(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).body("error.code", equalTo(code));
    }

    private long countEmails() {
        return QuarkusTransaction.requiringNew().call(repository::count);
    }
}
