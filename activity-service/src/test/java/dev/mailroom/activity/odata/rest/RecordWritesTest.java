package dev.mailroom.activity.odata.rest;

import static dev.mailroom.activity.odata.rest.WebApi.ROOT;
import static dev.mailroom.activity.odata.rest.WebApi.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RecordWritesTest {

    @Test
    void shouldUpdateWithEtagsAndRefuseStaleOnes() {
        UUID id = WebApi.createContact("Ada", "Lovelace", "ada@example.com", WebApi.tag());
        request().when().get(ROOT + "contacts(" + id + ")").then().statusCode(200)
                .header("ETag", "W/\"1\"").body("'@odata.etag'", equalTo("W/\"1\""))
                .body("fullname", equalTo("Ada Lovelace"));

        request().header("If-Match", "W/\"1\"").body("{\"lastname\": \"King\"}")
                .when().patch(ROOT + "contacts(" + id + ")").then().statusCode(204)
                .header("OData-EntityId", endsWith("/contacts(" + id + ")"));
        request().header("If-Match", "W/\"1\"").body("{\"lastname\": \"Byron\"}")
                .when().patch(ROOT + "contacts(" + id + ")").then().statusCode(412)
                .body("error.code", equalTo("0x80060882"))
                .body("error.message", containsString("doesn't match the RowVersion"));
        request().when().get(ROOT + "contacts(" + id + ")").then()
                .body("lastname", equalTo("King")).body("fullname", equalTo("Ada King"))
                .body("'@odata.etag'", equalTo("W/\"2\""));
        request().header("If-None-Match", "W/\"2\"").when().get(ROOT + "contacts(" + id + ")").then()
                .statusCode(304);
    }

    @Test
    void shouldUpsertAndHonourIfMatchAndIfNoneMatchStar() {
        UUID id = UUID.randomUUID();
        request().header("If-Match", "*").body("{\"name\": \"Contoso\"}")
                .when().patch(ROOT + "accounts(" + id + ")").then().statusCode(404)
                .body("error.message", equalTo("account With Id = " + id + " Does Not Exist"));
        request().header("Prefer", "return=representation").body("{\"name\": \"Contoso\"}")
                .when().patch(ROOT + "accounts(" + id + ")").then().statusCode(200)
                .body("accountid", equalTo(id.toString())).body("name", equalTo("Contoso"));
        request().header("If-None-Match", "*").body("{\"name\": \"Fabrikam\"}")
                .when().patch(ROOT + "accounts(" + id + ")").then().statusCode(412)
                .body("error.code", equalTo("0x80040237"));
        request().when().get(ROOT + "accounts(" + id + ")").then().body("name", equalTo("Contoso"));
    }

    @Test
    void shouldDeleteOnlyTheVersionNamed() {
        UUID id = WebApi.createContact("Alan", "Turing", null, WebApi.tag());
        request().header("If-Match", "W/\"7\"").when().delete(ROOT + "contacts(" + id + ")").then()
                .statusCode(412);
        request().header("If-Match", "W/\"1\"").when().delete(ROOT + "contacts(" + id + ")").then()
                .statusCode(204);
        request().when().get(ROOT + "contacts(" + id + ")").then().statusCode(404)
                .body("error.code", equalTo("0x80040217"));
        request().when().delete(ROOT + "contacts(" + id + ")").then().statusCode(404);
    }

    @Test
    void shouldWriteAndClearOneProperty() {
        UUID id = WebApi.createContact("Grace", "Hopper", "grace@example.com", WebApi.tag());
        request().body("{\"value\": \"Admiral\"}").when().put(ROOT + "contacts(" + id + ")/jobtitle").then()
                .statusCode(204);
        request().when().get(ROOT + "contacts(" + id + ")/jobtitle").then().statusCode(200)
                .body("value", equalTo("Admiral"))
                .body("'@odata.context'", endsWith("$metadata#contacts(" + id + ")/jobtitle"));
        request().when().delete(ROOT + "contacts(" + id + ")/jobtitle").then().statusCode(204);
        request().when().get(ROOT + "contacts(" + id + ")").then().body("jobtitle", nullValue());
        request().body("{\"value\": \"x\"}").when().put(ROOT + "contacts(" + id + ")/fullname").then()
                .statusCode(400).body("error.message", containsString("read-only"));
        request().body("{\"value\": 5}").when().put(ROOT + "contacts(" + id + ")/jobtitle").then()
                .statusCode(400).body("error.code", equalTo("0x80048d19"));
    }

    @Test
    void shouldBindLookupsResolvePartiesAndAnnotateThem() {
        UUID contact = WebApi.createContact("Barbara", "Liskov", "barbara@example.com", WebApi.tag());
        UUID email = WebApi.create("emails", """
                {"subject": "Substitution", "regardingobjectid_contact_email@odata.bind": "/contacts(%s)",
                 "email_activity_parties": [
                   {"addressused": "me@mailroom.test", "participationtypemask": 1},
                   {"partyid_contact@odata.bind": "/contacts(%s)", "participationtypemask": 2}]}
                """.formatted(contact, contact));

        request().header("Prefer", "odata.include-annotations=\"*\"")
                .queryParam("$select", "subject,torecipients,_regardingobjectid_value")
                .queryParam("$expand", "regardingobjectid_contact_email($select=fullname),"
                        + "email_activity_parties($filter=participationtypemask eq 2;$select=addressused,"
                        + "_partyid_value)")
                .when().get(ROOT + "emails(" + email + ")").then().statusCode(200)
                .body("torecipients", equalTo("barbara@example.com"))
                .body("_regardingobjectid_value", equalTo(contact.toString()))
                .body("'_regardingobjectid_value@OData.Community.Display.V1.FormattedValue'",
                        equalTo("Barbara Liskov"))
                .body("'_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname'", equalTo("contact"))
                .body("'_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty'",
                        equalTo("regardingobjectid_contact_email"))
                .body("regardingobjectid_contact_email.fullname", equalTo("Barbara Liskov"))
                .body("email_activity_parties.size()", equalTo(1))
                .body("email_activity_parties[0].addressused", equalTo("barbara@example.com"))
                .body("email_activity_parties[0]._partyid_value", equalTo(contact.toString()));
    }

    @Test
    void shouldAcceptDraftsWithoutSubjectOrRecipientsAsDataverseDoes() {
        UUID id = WebApi.create("emails", "{}");
        request().when().get(ROOT + "emails(" + id + ")").then().statusCode(200)
                .body("statuscode", equalTo(1)).body("subject", nullValue());
    }

    @Test
    void shouldCancelADraftAndThenRefuseChanges() {
        UUID id = WebApi.create("emails", "{\"subject\": \"Never mind\"}");
        request().body("{\"statuscode\": 3}").when().patch(ROOT + "emails(" + id + ")").then().statusCode(400)
                .body("error.message", containsString("not a valid status code"));
        request().body("{\"statecode\": 1, \"statuscode\": 3}").when().patch(ROOT + "emails(" + id + ")").then()
                .statusCode(400).body("error.message", containsString("SendEmail"));
        request().body("{\"statecode\": 2, \"statuscode\": 5}").when().patch(ROOT + "emails(" + id + ")").then()
                .statusCode(204);
        request().body("{\"subject\": \"Changed\"}").when().patch(ROOT + "emails(" + id + ")").then()
                .statusCode(400).body("error.code", equalTo("0x80040265"));
        request().when().get(ROOT + "emails(" + id + ")").then().body("subject", equalTo("Never mind"))
                .body("statuscode", equalTo(5)).body("statecode", equalTo(2));
    }

    @Test
    void shouldServeTheOrganizationRowAndKeepReadOnlyTablesReadOnly() {
        String organization = request().when().get(ROOT + "organizations?$select=maxuploadfilesize").then()
                .statusCode(200).body("value.size()", equalTo(1))
                .body("value[0].maxuploadfilesize", equalTo(5_242_880))
                .extract().jsonPath().getString("value[0].organizationid");
        request().header("If-Match", "*").body("{\"maxuploadfilesize\": 131072001}")
                .when().patch(ROOT + "organizations(" + organization + ")").then().statusCode(400)
                .body("error.message", containsString("outside the valid range"));
        request().when().delete(ROOT + "organizations(" + organization + ")").then().statusCode(400);
        request().body("{\"name\": \"x\"}").when().post(ROOT + "organizations").then().statusCode(400);
        request().body("{\"name\": \"job\"}").when().post(ROOT + "asyncoperations").then().statusCode(405);
        request().body("{\"participationtypemask\": 2}").when().post(ROOT + "activityparties").then()
                .statusCode(405);
    }

    @Test
    void shouldNeverReturnServerProfilePasswords() {
        UUID profile = WebApi.create("emailserverprofiles", """
                {"name": "Relay", "outgoingserverlocation": "smtp.example.com", "outgoingportnumber": 587,
                 "outgoingusername": "relay", "outgoingpassword": "s3cret"}
                """);
        String body = request().when().get(ROOT + "emailserverprofiles(" + profile + ")").then().statusCode(200)
                .body("outgoingusername", equalTo("relay")).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("s3cret"), body);
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("outgoingpassword"), body);
        request().queryParam("$select", "outgoingpassword").when()
                .get(ROOT + "emailserverprofiles(" + profile + ")").then().statusCode(400);
        request().when().get(ROOT + "emailserverprofiles(" + profile + ")/outgoingpassword").then()
                .statusCode(400);
    }

    @Test
    void shouldRefuseABodyOverTheLimitWithDataversesErrorBody() {
        byte[] body = new byte[2 * 1024 * 1024]; // the test profile's limit is 1M
        java.util.Arrays.fill(body, (byte) ' ');
        request().body(body).when().post(ROOT + "contacts").then().statusCode(413)
                .body("error.code", equalTo("0x80060888"))
                .body("error.message", containsString("larger than the limit"));
    }
}
