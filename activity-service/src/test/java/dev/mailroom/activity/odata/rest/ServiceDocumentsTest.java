package dev.mailroom.activity.odata.rest;

import static dev.mailroom.activity.odata.rest.WebApi.ROOT;
import static dev.mailroom.activity.odata.rest.WebApi.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceDocumentsTest {

    @Test
    void shouldDescribeEveryTableAndOperationInMetadata() {
        request().when().get(ROOT + "$metadata").then().statusCode(200)
                .contentType(containsString("application/xml"))
                .body(containsString("Namespace=\"Microsoft.Dynamics.CRM\""))
                .body(containsString("Alias=\"mscrm\""))
                .body(containsString("<EntityType Name=\"email\">"))
                .body(containsString("<Property Name=\"subject\" Type=\"Edm.String\" MaxLength=\"800\">"))
                .body(containsString("<Property Name=\"_regardingobjectid_value\" Type=\"Edm.Guid\">"))
                .body(containsString("<NavigationProperty Name=\"email_activity_parties\" "
                        + "Type=\"Collection(mscrm.activityparty)\""))
                .body(containsString("<EntitySet Name=\"emailserverprofiles\""))
                .body(containsString("<Action Name=\"SendEmail\" IsBound=\"true\">"))
                .body(containsString("<FunctionImport Name=\"WhoAmI\""));
    }

    @Test
    void shouldAnswerWhoAmIWithAndWithoutParentheses() {
        for (String path : new String[] {"WhoAmI", "WhoAmI()"}) {
            request().when().get(ROOT + path).then().statusCode(200)
                    .body("UserId", equalTo("6d61696c-726f-4f6d-8000-000000000002"))
                    .body("OrganizationId", equalTo("6d61696c-726f-4f6d-8000-000000000001"))
                    .body("'@odata.context'", endsWith("$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"));
        }
        request().body("{}").when().post(ROOT + "WhoAmI").then().statusCode(405);
    }

    @Test
    void shouldListEntitySetsInTheServiceDocument() {
        request().when().get("/api/data/v9.2/").then().statusCode(200)
                .body("value.name", hasItems("emails", "contacts", "accounts", "leads", "systemusers", "queues",
                        "mailboxes", "emailserverprofiles", "organizations", "asyncoperations", "activityparties"));
    }
}
