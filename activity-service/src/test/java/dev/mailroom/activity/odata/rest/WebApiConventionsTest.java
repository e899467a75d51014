package dev.mailroom.activity.odata.rest;

import static dev.mailroom.activity.odata.rest.WebApi.ROOT;
import static dev.mailroom.activity.odata.rest.WebApi.request;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Conventions a Dataverse client leans on: every nested option of an expansion (parties, the regarding record,
 * attachments), and a $metadata that describes every entity set, action and function the service answers.
 */
@QuarkusTest
class WebApiConventionsTest {

    @Inject
    TableRegistry registry;

    @Test
    void shouldApplyNestedOptionsToEveryExpansion() {
        String tag = WebApi.tag();
        UUID contact = WebApi.createContact("Grace", "Hopper", "grace-" + tag + "@example.com", tag);
        UUID email = WebApi.create("emails", """
                {"subject": "Nested %s", "regardingobjectid_contact_email@odata.bind": "/contacts(%s)",
                 "email_activity_parties": [
                   {"participationtypemask": 1, "addressused": "from-%s@mailroom.test"},
                   {"participationtypemask": 2, "addressused": "a-%s@example.com"},
                   {"participationtypemask": 2, "addressused": "c-%s@example.com"},
                   {"participationtypemask": 3, "addressused": "b-%s@example.com"}]}
                """.formatted(tag, contact, tag, tag, tag, tag));
        AttachmentApi.attach(email, "b.txt", "text/plain", "bee".getBytes(StandardCharsets.UTF_8));
        AttachmentApi.attach(email, "a.txt", "text/plain", "ay".getBytes(StandardCharsets.UTF_8));
        AttachmentApi.attach(email, "c.txt", "text/plain", "sea".getBytes(StandardCharsets.UTF_8));

        request().queryParam("$select", "subject")
                .queryParam("$expand", "email_activity_parties($select=addressused;"
                        + "$filter=participationtypemask ne 1;$orderby=addressused desc;$top=2),"
                        + "regardingobjectid_contact_email($select=fullname),"
                        + "email_activity_mime_attachment($select=filename,body;$filter=filename ne 'c.txt';"
                        + "$orderby=filename asc;$top=5)")
                .when().get(ROOT + "emails(" + email + ")").then().statusCode(200)
                .body("email_activity_parties.addressused", contains("c-" + tag + "@example.com",
                        "b-" + tag + "@example.com"))
                .body("regardingobjectid_contact_email.fullname", equalTo("Grace Hopper"))
                .body("email_activity_mime_attachment.filename", contains("a.txt", "b.txt"))
                .body("email_activity_mime_attachment[0].body", equalTo(base64("ay")))
                .body("email_activity_mime_attachment[1].body", equalTo(base64("bee")));

        // On a collection too, each email with its own children.
        request().queryParam("$filter", "subject eq 'Nested " + tag + "'")
                .queryParam("$expand", "email_activity_mime_attachment($select=filename;$orderby=filename desc;$top=1)")
                .when().get(ROOT + "emails").then().statusCode(200)
                .body("value", hasSize(1))
                .body("value[0].email_activity_mime_attachment.filename", contains("c.txt"));
    }

    @Test
    void shouldRefuseOptionsASingleValuedExpansionCannotTake() {
        request().queryParam("$expand", "regardingobjectid_contact_email($top=1)").when().get(ROOT + "emails")
                .then().statusCode(400).body("error.code", equalTo("0x80060888"))
                .body("error.message", containsString("regardingobjectid_contact_email"));
    }

    @Test
    void shouldDescribeEveryEntitySetActionAndFunctionInMetadata() {
        String metadata = request().header("Accept", "application/xml").when().get(ROOT + "$metadata").then()
                .statusCode(200).extract().asString();
        for (TableDef table : registry.tables()) {
            assertTrue(metadata.contains("<EntitySet Name=\"" + table.entitySet() + "\""),
                    "entity set " + table.entitySet());
            assertTrue(metadata.contains("<EntityType Name=\"" + table.logicalName() + "\""),
                    "entity type " + table.logicalName());
        }
        for (OperationDef operation : registry.operations()) {
            String element = operation.kind() == OperationDef.Kind.ACTION ? "Action" : "Function";
            assertTrue(metadata.contains("<" + element + " Name=\"" + operation.name() + "\""),
                    element + " " + operation.name());
        }
        assertTrue(metadata.contains("<NavigationProperty Name=\"email_activity_mime_attachment\" "
                + "Type=\"Collection(mscrm.activitymimeattachment)\""), "the attachments of an email");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
