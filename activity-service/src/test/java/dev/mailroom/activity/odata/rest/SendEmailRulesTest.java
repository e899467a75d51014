package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * SendEmail's rules on the real stack: only an outgoing Draft with one sender and recipients that can be mailed;
 * tracking tokens from the organization's settings, in the subject; IssueSend=false records Sent.
 */
@QuarkusTest
class SendEmailRulesTest {

    static final String ORGANIZATION = "organizations(6d61696c-726f-4f6d-8000-000000000001)";
    private static final String ADMIN = "6d61696c-726f-4f6d-8000-000000000002";

    @Test
    void shouldRefuseAnEmailThatIsNoLongerADraft() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Canceled", "a@b.io", "c@d.io"));
        WebApi.request().body("{\"statecode\":2,\"statuscode\":5}").patch(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(204);

        EmailApi.sendEmail(id, true).then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", containsString("Draft"));
    }

    @Test
    void shouldRefuseASecondSenderWhenTheEmailIsCreated() {
        EmailApi.post("emails", """
                {"subject":"Two senders","email_activity_parties":[
                  {"participationtypemask":1,"addressused":"a@b.io"},
                  {"participationtypemask":1,"addressused":"b@b.io"},
                  {"participationtypemask":2,"addressused":"c@d.io"}]}
                """).then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", containsString("one sender"));
    }

    @Test
    void shouldRefuseARecipientWithoutAnAddress() {
        UUID contact = WebApi.create("contacts", "{\"lastname\":\"Nomail\"}");
        UUID id = EmailApi.createEmail("""
                {"subject":"Nowhere","email_activity_parties":[
                  {"participationtypemask":1,"addressused":"a@b.io"},
                  {"participationtypemask":2,"partyid_contact@odata.bind":"/contacts(%s)"}]}
                """.formatted(contact));

        EmailApi.sendEmail(id, true).then().statusCode(400).body("error.code", equalTo("0x80040b04"))
                .body("error.message", containsString("has no email address"));
        given().when().get(EmailApi.ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(1))
                .body("trackingtoken", nullValue());
    }

    @Test
    void shouldRefuseARecipientWhoDoesNotAllowEmail() {
        UUID contact = WebApi.create("contacts",
                "{\"lastname\":\"Private\",\"emailaddress1\":\"private@example.com\",\"donotemail\":true}");
        UUID id = EmailApi.createEmail("""
                {"subject":"Unwanted","email_activity_parties":[
                  {"participationtypemask":1,"addressused":"a@b.io"},
                  {"participationtypemask":2,"addressused":"ok@example.com"},
                  {"participationtypemask":3,"partyid_contact@odata.bind":"/contacts(%s)"}]}
                """.formatted(contact));

        EmailApi.sendEmail(id, true).then().statusCode(400).body("error.code", equalTo("0x80040b04"))
                .body("error.message", containsString("donotemail"));
        given().when().get(EmailApi.ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(1));
    }

    @Test
    void shouldSendAsTheBoundUserAtTheUsersAddress() {
        UUID contact = WebApi.create("contacts", "{\"lastname\":\"Reader\",\"emailaddress1\":\"reader@example.com\"}");
        UUID id = EmailApi.createEmail("""
                {"subject":"From a user","email_activity_parties":[
                  {"participationtypemask":1,"partyid_systemuser@odata.bind":"/systemusers(%s)"},
                  {"participationtypemask":2,"partyid_contact@odata.bind":"/contacts(%s)"}]}
                """.formatted(ADMIN, contact));

        EmailApi.sendEmail(id, false).then().statusCode(200);

        given().when().get(EmailApi.ROOT + "emails(" + id + ")?$select=statuscode,sender,torecipients").then()
                .body("statuscode", equalTo(3))
                .body("sender", equalTo("admin@mailroom.local"))
                .body("torecipients", equalTo("reader@example.com"));
    }

    @Test
    void shouldGenerateTokensFromTheOrganizationsSettings() {
        try {
            WebApi.request().body("{\"trackingprefix\":\"MRT:\",\"trackingtokenidbase\":7,"
                    + "\"trackingtokeniddigits\":6}").patch(EmailApi.ROOT + ORGANIZATION).then().statusCode(204);
            UUID id = EmailApi.createEmail(EmailApi.emailBody("Custom prefix", "a@b.io", "c@d.io"));
            EmailApi.sendEmail(id, false).then().statusCode(200)
                    .body("Subject", matchesPattern("Custom prefix MRT:7\\d{6}"));

            WebApi.request().body("{\"istrackingtokenenabled\":false}").patch(EmailApi.ROOT + ORGANIZATION)
                    .then().statusCode(204);
            UUID untracked = EmailApi.createEmail(EmailApi.emailBody("No token", "a@b.io", "c@d.io"));
            EmailApi.sendEmail(untracked, false).then().statusCode(200).body("Subject", equalTo("No token"));
            given().when().get(EmailApi.ROOT + "emails(" + untracked + ")").then()
                    .body("trackingtoken", nullValue());
        } finally {
            WebApi.request().body("{\"trackingprefix\":\"CRM:\",\"trackingtokenidbase\":0,"
                    + "\"trackingtokeniddigits\":3,\"istrackingtokenenabled\":true}")
                    .patch(EmailApi.ROOT + ORGANIZATION).then().statusCode(204);
        }
    }

    @Test
    void shouldHandOutATokenWithGetTrackingTokenEmail() {
        EmailApi.post("GetTrackingTokenEmail", "{\"Subject\":\"Hello\"}").then().statusCode(200)
                .body("TrackingToken", matchesPattern("CRM:0\\d{4,}"));
    }

    @Test
    void shouldRefuseATokenThatWouldBreakAHeader() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Header", "a@b.io", "c@d.io"));
        for (String token : new String[] {"CRM:1\\r\\nBcc: x@evil.io", "CRM 1", "", "CRM:\\u0007"}) {
            EmailApi.post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail",
                    "{\"IssueSend\":false,\"TrackingToken\":\"" + token + "\"}")
                    .then().statusCode(400).body("error.code", equalTo("0x80040203"))
                    .body("error.message", containsString("TrackingToken"));
        }
        given().when().get(EmailApi.ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(1))
                .body("subject", equalTo("Header"));
    }

    @Test
    void shouldRefuseASubjectWithLineBreaks() {
        EmailApi.post("emails", EmailApi.emailBody("Hi\\r\\nBcc: x@evil.io", "a@b.io", "c@d.io"))
                .then().statusCode(400).body("error.code", equalTo("0x80040203"));
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Fine", "a@b.io", "c@d.io"));
        WebApi.request().body("{\"subject\":\"Not\\nfine\"}").patch(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(400).body("error.code", equalTo("0x80040203"));
    }
}
