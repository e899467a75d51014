package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Incoming mail through the Web API: DeliverIncomingEmail creates a Received email with resolved parties,
 * correlated by tracking token or In-Reply-To, once per Message-ID; CheckIncomingEmail, ValidateBeforeCreate and
 * DeliverPromoteEmail.
 */
@QuarkusTest
class IncomingEmailTest {

    private static final String DELIVER = "emails/Microsoft.Dynamics.CRM.DeliverIncomingEmail";

    @Test
    void shouldDeliverAReceivedEmailWithPartiesResolvedByAddress() {
        String tag = WebApi.tag();
        UUID contact = WebApi.createContact("Ann", "Writer", tag + "@customer.test", tag);
        UUID id = deliver("<" + tag + "@customer.test>", "Question", tag + "@customer.test",
                "Admin <ADMIN@mailroom.local>; stranger@" + tag + ".test", null, false);

        given().when().get(EmailApi.ROOT + "emails(" + id + ")?$expand=email_activity_parties("
                + "$select=participationtypemask,addressused,_partyid_value)").then().statusCode(200)
                .body("statecode", equalTo(1))
                .body("statuscode", equalTo(4))
                .body("directioncode", equalTo(false))
                .body("messageid", equalTo("<" + tag + "@customer.test>"))
                .body("subject", equalTo("Question"))
                .body("email_activity_parties.find { it.participationtypemask == 1 }._partyid_value",
                        equalTo(contact.toString()))
                .body("email_activity_parties.find { it.addressused == 'ADMIN@mailroom.local' }._partyid_value",
                        equalTo("6d61696c-726f-4f6d-8000-000000000002"))
                .body("email_activity_parties.find { it.addressused == 'stranger@" + tag + ".test' }"
                        + "._partyid_value", equalTo(null));
    }

    @Test
    void shouldDeliverEachMessageIdOnce() {
        String messageId = "<" + WebApi.tag() + "@once.test>";
        UUID first = deliver(messageId, "Once", "someone@once.test", "admin@mailroom.local", null, false);
        UUID second = deliver(messageId, "Once again", "someone@once.test", "admin@mailroom.local", null, false);

        org.junit.jupiter.api.Assertions.assertEquals(first, second);
        given().queryParam("$filter", "messageid eq '" + messageId + "'").when().get(EmailApi.ROOT + "emails/$count")
                .then().statusCode(200).body(equalTo("1"));
    }

    @Test
    void shouldCorrelateAReplyByItsTrackingToken() {
        String tag = WebApi.tag();
        UUID contact = WebApi.createContact("Tom", "Token", tag + "@token.test", tag);
        UUID sent = EmailApi.createEmail("""
                {"subject":"Offer %s","regardingobjectid_contact_email@odata.bind":"/contacts(%s)",
                 "email_activity_parties":[{"participationtypemask":1,"addressused":"sales@mailroom.local"},
                   {"participationtypemask":2,"partyid_contact@odata.bind":"/contacts(%s)"}]}
                """.formatted(tag, contact, contact));
        String subject = EmailApi.sendEmail(sent, false).then().statusCode(200).extract().path("Subject");

        UUID reply = deliver("<reply-" + tag + "@token.test>", "RE: " + subject, "other@" + tag + ".test",
                "sales@mailroom.local", null, true);

        given().when().get(EmailApi.ROOT + "emails(" + reply + ")").then()
                .body("correlationmethod", equalTo(4))
                .body("_parentactivityid_value", equalTo(sent.toString()))
                .body("_regardingobjectid_value", equalTo(contact.toString()));
    }

    @Test
    void shouldCorrelateAReplyByInReplyTo() {
        String tag = WebApi.tag();
        String original = "<first-" + tag + "@thread.test>";
        UUID first = deliver(original, "Thread", "admin@mailroom.local", "x@" + tag + ".test", null, false);

        UUID reply = deliver("<second-" + tag + "@thread.test>", "Re: Thread", "x@" + tag + ".test",
                "admin@mailroom.local", original, false);

        given().when().get(EmailApi.ROOT + "emails(" + reply + ")").then()
                .body("correlationmethod", equalTo(3))
                .body("inreplyto", equalTo(original))
                .body("_parentactivityid_value", equalTo(first.toString()));
    }

    @Test
    void shouldRefuseAnUntrackedMessageWhenAskedToValidate() {
        String tag = WebApi.tag();
        String messageId = "<" + tag + "@unknown.test>";
        // A token-shaped word no email carries, from and to addresses no record has.
        Response response = deliverResponse(messageId, "Hello CRM:099999999", "a@" + tag + ".test",
                "b@" + tag + ".test", null, true);

        response.then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", containsString("not tracked"));
        given().queryParam("$filter", "messageid eq '" + messageId + "'").when().get(EmailApi.ROOT + "emails/$count")
                .then().body(equalTo("0"));
    }

    @Test
    void shouldTellWhetherAMessageWouldBeTracked() {
        String tag = WebApi.tag();
        WebApi.createContact("Kim", "Known", tag + "@known.test", tag);
        String known = "<known-" + tag + "@known.test>";

        check(known, tag + "@known.test", "nobody@" + tag + ".test").body("ShouldDeliver", equalTo(true))
                .body("ReasonCode", equalTo(0));
        check("<x-" + tag + "@known.test>", "a@" + tag + ".test", "b@" + tag + ".test")
                .body("ShouldDeliver", equalTo(false)).body("ReasonCode", equalTo(2));

        deliver(known, "Known", tag + "@known.test", "nobody@" + tag + ".test", null, true);
        check(known, tag + "@known.test", "nobody@" + tag + ".test").body("ShouldDeliver", equalTo(false))
                .body("ReasonCode", equalTo(1));
    }

    @Test
    void shouldPromoteADraftToTheReceivedCopy() {
        String tag = WebApi.tag();
        UUID draft = EmailApi.createEmail(EmailApi.emailBody("Tracked in Outlook", "a@b.io", "c@d.io"));

        EmailApi.post("emails(" + draft + ")/Microsoft.Dynamics.CRM.DeliverPromoteEmail", """
                {"MessageId":"<%s@promote.test>","Subject":"Tracked in Outlook","From":"admin@mailroom.local",
                 "To":"client@%s.test","Cc":"","Bcc":"","ReceivedOn":"2026-01-02T03:04:05Z","Body":"<p>hi</p>"}
                """.formatted(tag, tag)).then().statusCode(200).body("EmailId", equalTo(draft.toString()));

        given().when().get(EmailApi.ROOT + "emails(" + draft + ")?$expand=email_activity_parties").then()
                .body("statuscode", equalTo(4))
                .body("directioncode", equalTo(false))
                .body("messageid", equalTo("<" + tag + "@promote.test>"))
                .body("email_activity_parties.addressused", hasItems("admin@mailroom.local", "client@" + tag
                        + ".test"));
        EmailApi.post("emails(" + draft + ")/Microsoft.Dynamics.CRM.DeliverPromoteEmail", """
                {"MessageId":"<other-%s@promote.test>","From":"a@b.io","To":"c@d.io"}
                """.formatted(tag)).then().statusCode(400).body("error.code", equalTo("0x80040265"));
    }

    private static io.restassured.response.ValidatableResponse check(String messageId, String from, String to) {
        String url = EmailApi.ROOT + "CheckIncomingEmail(MessageId=@m,Subject=@s,From=@f,To=@t,Cc=@c,Bcc=@b)"
                + "?@m=" + encoded(messageId) + "&@s=null&@f=" + encoded(from) + "&@t=" + encoded(to)
                + "&@c=null&@b=null";
        return given().urlEncodingEnabled(false).when().get(url).then().statusCode(200);
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(quoted(text), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static UUID deliver(String messageId, String subject, String from, String to, String inReplyTo,
            boolean validate) {
        return UUID.fromString(deliverResponse(messageId, subject, from, to, inReplyTo, validate).then()
                .statusCode(200).extract().path("EmailId"));
    }

    private static Response deliverResponse(String messageId, String subject, String from, String to,
            String inReplyTo, boolean validate) {
        String extra = inReplyTo == null ? "null"
                : "{\"@odata.type\":\"Microsoft.Dynamics.CRM.email\",\"inreplyto\":\"" + inReplyTo + "\"}";
        return EmailApi.post(DELIVER, """
                {"MessageId":"%s","Subject":"%s","From":"%s","To":"%s","Cc":"","Bcc":"",
                 "ReceivedOn":"2026-11-27T06:00:00Z","Body":"<p>Hello</p>","ExtraProperties":%s,
                 "ValidateBeforeCreate":%s}
                """.formatted(messageId, subject, from, to, extra, validate));
    }
}
