package dev.mailroom.activity.templates;

import static dev.mailroom.activity.templates.TemplateApi.ROOT;
import static dev.mailroom.activity.templates.TemplateApi.contact;
import static dev.mailroom.activity.templates.TemplateApi.instantiate;
import static dev.mailroom.activity.templates.TemplateApi.object;
import static dev.mailroom.activity.templates.TemplateApi.post;
import static dev.mailroom.activity.templates.TemplateApi.reference;
import static dev.mailroom.activity.templates.TemplateApi.template;
import static dev.mailroom.activity.templates.TemplateApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class TemplateActionsTest {

    /** A sent email's subject: the rendered one, then the tracking token SendEmail adds (CRM:01002). */
    private static final String SENT_SUBJECT = "\\Q%s\\E CRM:\\d+";


    private static final String DATAVERSE_SUBJECT = "<?xml version=\"1.0\" ?><xsl:stylesheet"
            + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:output method=\"text\""
            + " indent=\"no\"/><xsl:template match=\"/data\"><![CDATA[Dear ]]><xsl:choose><xsl:when"
            + " test=\"contact/lastname\"><xsl:value-of select=\"contact/lastname\" /></xsl:when><xsl:otherwise>"
            + "Valued Customer</xsl:otherwise></xsl:choose><![CDATA[, from ]]><xsl:value-of"
            + " select=\"systemuser/firstname\" /></xsl:template></xsl:stylesheet>";
    private static final String HOSTILE = "\"><script>alert('x')</script>";
    private static final UUID MISSING = UUID.fromString("00000000-0000-4000-8000-00000000dead");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldInstantiateDataverseXsltForTheRecordAndCallingUser() {
        UUID template = template("Exported " + unique(), "contact", DATAVERSE_SUBJECT, DATAVERSE_SUBJECT);
        instantiate(template, "contact", contact("Ann", "Lee", "ann@example.com")).then().statusCode(200)
                .body("'@odata.context'", endsWith("/api/data/v9.2/$metadata#emails"))
                .body("value", hasSize(1))
                .body("value[0].'@odata.type'", equalTo("#Microsoft.Dynamics.CRM.email"))
                .body("value[0].subject", equalTo("Dear Lee, from Mailroom"))
                .body("value[0].description", equalTo("Dear Lee, from Mailroom"));
        instantiate(template, "contact", contact("Bo", null, "bo@example.com")).then().statusCode(200)
                .body("value[0].subject", equalTo("Dear Valued Customer, from Mailroom"));
    }

    @Test
    void shouldInstantiatePlaceholdersWithDefaultsEscapingAndOneLineSubjects() {
        UUID template = template("Readable " + unique(), "contact",
                "Hi {!contact:firstname;there} {!contact:jobtitle;(no title)}",
                "<p title=\"{!contact:lastname}\">Dear {!contact:lastname;Customer}, {!systemuser:fullname}</p>");
        UUID hostile = contact("Eve\r\nBcc: victim@example.com", HOSTILE, "eve@example.com");
        String escaped = "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;";
        instantiate(template, "contact", hostile).then().statusCode(200)
                .body("value[0].subject", equalTo("Hi Eve Bcc: victim@example.com (no title)"))
                .body("value[0].description", equalTo("<p title=\"" + escaped + "\">Dear " + escaped
                        + ", Mailroom Administrator</p>"));
        instantiate(template, "contact", contact(null, null, "anon@example.com")).then().statusCode(200)
                .body("value[0].subject", equalTo("Hi there (no title)"))
                .body("value[0].description", equalTo("<p title=\"\">Dear Customer, Mailroom Administrator</p>"));
    }

    @Test
    void shouldInstantiateGlobalTemplatesForAnyTable() {
        UUID global = template("Global " + unique(), "systemuser", "For {!account:name;a contact}", null);
        UUID account = TemplateApi.create("accounts", object().put("name", "Contoso"));
        instantiate(global, "account", account).then().statusCode(200)
                .body("value[0].subject", equalTo("For Contoso"));
        instantiate(global, "contact", contact("Ann", "Lee", "ann@example.com")).then().statusCode(200)
                .body("value[0].subject", equalTo("For a contact"));
    }

    @Test
    void shouldClearTheLinkOfItsEmailsWhenATemplateIsDeleted() {
        UUID template = template("Short-lived " + unique(), "contact", "Hi {!contact:firstname}", null);
        UUID ann = contact("Ann", "Lee", "ann@example.com");
        UUID email = UUID.fromString(sendFromTemplate(template, reference("contact", ann), target(ann))
                .then().statusCode(200).extract().path("activityid"));
        given().when().delete(ROOT + "templates(" + template + ")").then().statusCode(204);
        given().when().get(ROOT + "emails(" + email + ")").then().statusCode(200)
                .body("subject", matchesPattern(SENT_SUBJECT.formatted("Hi Ann")))
                .body("_templateid_value", equalTo(null));
    }

    @Test
    void shouldRefuseInstantiationsItCannotMake() {
        UUID template = template("Contacts " + unique(), "contact", "Hi", null);
        UUID contact = contact("Ann", "Lee", "ann@example.com");
        instantiate(MISSING, "contact", contact).then().statusCode(404).body("error.code", equalTo("0x80040217"))
                .body("error.message", equalTo("template With Id = " + MISSING + " Does Not Exist"));
        instantiate(template, "contact", MISSING).then().statusCode(404)
                .body("error.message", equalTo("contact With Id = " + MISSING + " Does Not Exist"));
        instantiate(template, "account", contact).then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", equalTo("Template type is incorrect for given objectType account != contact"
                        + " template.templatetypecode"));
        instantiate(new UUID(0, 0), "contact", contact).then().statusCode(400)
                .body("error.message", equalTo("Template id should be set."));
        instantiate(template, "contact", new UUID(0, 0)).then().statusCode(400)
                .body("error.message", equalTo("Object id should be set."));
        post("InstantiateTemplate", object().put("TemplateId", template.toString()).put("ObjectId",
                contact.toString()).toString()).then().statusCode(400)
                .body("error.message", equalTo("Required field 'ObjectType' is missing for"
                        + " RequestName='InstantiateTemplate'."));
        instantiate(template, "emailserverprofile", contact).then().statusCode(400);
    }

    @Test
    void shouldSendEmailFromTemplateThroughSendEmail() throws Exception {
        UUID template = template("Welcome " + unique(), "contact", "Welcome {!contact:firstname}\r\n",
                "<p>Dear {!contact:lastname}</p>");
        UUID ann = contact("Ann", HOSTILE, "ann@example.com");
        Response response = post("SendEmailFromTemplate", object().put("TemplateId", template.toString())
                .<ObjectNode>set("Regarding", reference("contact", ann)).set("Target", target(ann)));
        response.then().statusCode(200)
                .body("'@odata.context'", endsWith("/api/data/v9.2/$metadata#emails/$entity"));
        UUID email = UUID.fromString(response.jsonPath().getString("activityid"));
        given().when().get(ROOT + "emails(" + email + ")").then().statusCode(200)
                .body("subject", matchesPattern(SENT_SUBJECT.formatted("Welcome Ann")))
                .body("description", equalTo("<p>Dear &quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>"))
                .body("statuscode", equalTo(6))
                .body("_regardingobjectid_value", equalTo(ann.toString()))
                .body("_templateid_value", equalTo(template.toString()))
                .body("torecipients", equalTo("ann@example.com"));
        ConsumerRecord<String, String> pending = kafka().awaitRecord(Topics.EMAIL_PENDING,
                r -> email.toString().equals(KafkaTestClient.header(r, CloudEventHeaders.SUBJECT)),
                Duration.ofSeconds(60));
        JsonNode payload = TemplateApi.JSON.readTree(pending.value());
        assertTrue(payload.get("subject").asText().matches(SENT_SUBJECT.formatted("Welcome Ann")),
                payload.get("subject").asText());
    }

    @Test
    void shouldRefuseSendEmailFromTemplateWithoutLeavingAnEmail() {
        UUID template = template("Refusals " + unique(), "contact", "Hi {!contact:firstname}", null);
        UUID ann = contact("Ann", "Lee", "ann-" + unique() + "@example.com");
        sendFromTemplate(MISSING, reference("contact", ann), target(ann)).then().statusCode(404)
                .body("error.message", equalTo("template With Id = " + MISSING + " Does Not Exist"));
        sendFromTemplate(template, reference("contact", MISSING), target(ann)).then().statusCode(404)
                .body("error.message", equalTo("contact With Id = " + MISSING + " Does Not Exist"));
        UUID account = TemplateApi.create("accounts", object().put("name", "Contoso " + unique()));
        sendFromTemplate(template, reference("account", account), target(ann)).then().statusCode(400)
                .body("error.message", equalTo("Template type is incorrect for given objectType account != contact"
                        + " template.templatetypecode"));
        sendFromTemplate(template, object().put("contactid", ann.toString()), target(ann)).then().statusCode(400)
                .body("error.message", equalTo("Regarding type should be set."));
        sendFromTemplate(template, object().put("@odata.type", "Microsoft.Dynamics.CRM.contact"), target(ann))
                .then().statusCode(400).body("error.message", equalTo("Regarding id should be set."));
        sendFromTemplate(template, reference("contact", ann), reference("contact", ann)).then().statusCode(400)
                .body("error.message", equalTo("Target must be an email entity."));
        post("SendEmailFromTemplate", object().put("TemplateId", template.toString())
                .set("Regarding", reference("contact", ann)).toString()).then().statusCode(400)
                .body("error.message", equalTo("Required field 'Target' is missing for"
                        + " RequestName='SendEmailFromTemplate'."));
        ObjectNode noRecipients = object().put("@odata.type", "Microsoft.Dynamics.CRM.email");
        noRecipients.putArray("email_activity_parties").addObject()
                .put("partyid_systemuser@odata.bind", "/systemusers(" + TemplateApi.ADMINISTRATOR + ")")
                .put("participationtypemask", 1);
        sendFromTemplate(template, reference("contact", ann), noRecipients).then().statusCode(400)
                .body("error.code", equalTo("0x80040b04"));
        given().queryParam("$filter", "_templateid_value eq " + template).when().get(ROOT + "emails")
                .then().statusCode(200).body("value", hasSize(0));
    }

    @Test
    void shouldSendOnePersonalisedEmailPerRecipient() {
        UUID template = template("Newsletter " + unique(), "contact", "News for {!contact:firstname}",
                "<p>{!contact:firstname}, about {!account:name;your company}</p>");
        UUID account = TemplateApi.create("accounts", object().put("name", "Contoso & Co"));
        UUID ann = contact("Ann", "Lee", "ann@example.com");
        UUID bo = contact("Bo", "Ek", "bo@example.com");
        ObjectNode body = sendTemplateBody(template, reference("account", account), ann, bo, ann);
        body.put("DeliveryPriorityCode", 2);
        post("SendTemplate", body.toString()).then().statusCode(204);
        given().queryParam("$filter", "_templateid_value eq " + template).queryParam("$orderby", "subject")
                .when().get(ROOT + "emails").then().statusCode(200)
                .body("value", hasSize(2))
                .body("value[0].subject", matchesPattern(SENT_SUBJECT.formatted("News for Ann")))
                .body("value[0].description", equalTo("<p>Ann, about Contoso &amp; Co</p>"))
                .body("value[0].torecipients", equalTo("ann@example.com"))
                .body("value[0].sender", equalTo("admin@mailroom.local"))
                .body("value[0].statuscode", equalTo(6))
                .body("value[0].deliveryprioritycode", equalTo(2))
                .body("value[0]._regardingobjectid_value", equalTo(account.toString()))
                .body("value[1].subject", matchesPattern(SENT_SUBJECT.formatted("News for Bo")));
    }

    @Test
    void shouldRefuseSendTemplateWholeWhenOneRecipientCannotBeMailed() {
        UUID template = template("Strict " + unique(), "contact", "Hi {!contact:firstname}", null);
        UUID ann = contact("Ann", "Lee", "ann@example.com");
        UUID noAddress = contact("No", "Address", null);
        post("SendTemplate", sendTemplateBody(template, reference("contact", ann), ann, noAddress).toString())
                .then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", equalTo("The contact " + noAddress + " has no email address (emailaddress1)"
                        + " to send to or from."));
        UUID optedOut = TemplateApi.create("contacts", object().put("lastname", "Out")
                .put("emailaddress1", "out@example.com").put("donotemail", true));
        post("SendTemplate", sendTemplateBody(template, reference("contact", ann), ann, optedOut).toString())
                .then().statusCode(400)
                .body("error.message", equalTo("The contact " + optedOut + " does not allow email (donotemail)."));
        post("SendTemplate", sendTemplateBody(template, reference("contact", ann)).toString())
                .then().statusCode(400).body("error.code", equalTo("0x80040b04"));
        post("SendTemplate", sendTemplateBody(MISSING, reference("contact", ann), ann).toString())
                .then().statusCode(404);
        UUID accountTemplate = template("Accounts " + unique(), "account", "Hi", null);
        post("SendTemplate", sendTemplateBody(accountTemplate, reference("contact", ann), ann).toString())
                .then().statusCode(400).body("error.message", equalTo("Template type is incorrect for given"
                        + " objectType contact != account template.templatetypecode"));
        ObjectNode queueSender = sendTemplateBody(template, reference("contact", ann), ann);
        queueSender.set("Sender", reference("queue", MISSING));
        post("SendTemplate", queueSender.toString()).then().statusCode(404);
        given().queryParam("$filter", "_templateid_value eq " + template).when().get(ROOT + "emails")
                .then().statusCode(200).body("value", hasSize(0));
    }

    private static Response sendFromTemplate(UUID template, ObjectNode regarding, ObjectNode target) {
        return post("SendEmailFromTemplate", object().put("TemplateId", template.toString())
                .<ObjectNode>set("Regarding", regarding).set("Target", target));
    }

    /** An email from the administrator to the contact, as a SendEmailFromTemplate Target. */
    private static ObjectNode target(UUID contact) {
        ObjectNode email = object().put("@odata.type", "Microsoft.Dynamics.CRM.email").put("subject", "replaced");
        email.putArray("email_activity_parties")
                .add(object().put("partyid_systemuser@odata.bind", "/systemusers(" + TemplateApi.ADMINISTRATOR + ")")
                        .put("participationtypemask", 1))
                .add(object().put("partyid_contact@odata.bind", "/contacts(" + contact + ")")
                        .put("participationtypemask", 2));
        return email;
    }

    private static ObjectNode sendTemplateBody(UUID template, ObjectNode regarding, UUID... contacts) {
        ObjectNode body = object().put("TemplateId", template.toString());
        body.set("Sender", reference("systemuser", TemplateApi.ADMINISTRATOR));
        body.set("Regarding", regarding);
        var recipients = body.putArray("Recipients");
        for (UUID contact : contacts) {
            recipients.add(reference("contact", contact));
        }
        return body;
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
