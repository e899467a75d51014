package dev.mailroom.activity.security;

import static dev.mailroom.activity.security.TestUsers.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.operations.WhoAmIOperation;
import dev.mailroom.activity.security.TestUsers.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Security roles through the Web API: roles and their privileges readable with their depth, a role given with
 * {@code POST systemusers(<id>)/systemuserroles_association/$ref} and taken with {@code DELETE ...(<roleid>)/$ref},
 * effective with the user's next request, audited, and only for callers holding {@code prvAssignRole} and what the
 * role grants.
 */
@QuarkusTest
class RoleAssignmentTest {

    private static final String BASIC_USER = "6d61696c-726f-4f6d-8000-0000000000a2";
    private static final String SYSTEM_ADMINISTRATOR = "6d61696c-726f-4f6d-8000-0000000000a1";

    @Inject
    DataSource dataSource;

    @Inject
    RoleAssignments assignments;

    private TestUsers users() {
        return new TestUsers(dataSource);
    }

    @Test
    void shouldReadRolesAndThePrivilegesTheyGrantWithTheirDepth() {
        given().get(ROOT + "roles?$select=name&$orderby=name").then().statusCode(200)
                .body("value.name", hasItems("Basic User", "Mailroom Service", "System Administrator"));
        given().get(ROOT + "roles(" + BASIC_USER + ")?$select=name&$expand=roleprivileges_association("
                + "$select=privilegename,privilegedepthmask;$filter=privilegename eq 'prvReadActivity')")
                .then().statusCode(200).body("name", equalTo("Basic User"))
                .body("roleprivileges_association[0].privilegename", equalTo("prvReadActivity"))
                .body("roleprivileges_association[0].privilegedepthmask", equalTo(1));
        given().header("Prefer", "odata.include-annotations=\"*\"").get(ROOT + "roleprivilegescollection?$filter="
                + "roleid eq " + BASIC_USER + " and privilegename eq 'prvReadContact'").then().statusCode(200)
                .body("value[0].privilegedepthmask", equalTo(8))
                .body("value[0].'privilegedepthmask@OData.Community.Display.V1.FormattedValue'", equalTo("Global"));
        // Roles are defined by migrations: the Web API only reads them.
        given().contentType("application/json").body("{\"name\":\"Mine\"}").post(ROOT + "roles").then()
                .statusCode(greaterThanOrEqual400()).body("error.code", containsString("0x"));
        User basic = users().create(Map.of("prvReadRole", 8));
        basic.request().get(ROOT + "roles").then().statusCode(200);
        User nobody = users().create(Map.of());
        refused(nobody.request().get(ROOT + "roles").then(), "prvReadRole");
        refused(nobody.request().get(ROOT + "roleprivilegescollection").then(), "prvReadRole");
    }

    @Test
    void shouldGiveARoleThatTakesEffectAtOnceAndTakeItAwayAgain() {
        User user = users().create(Map.of());
        refused(user.request().get(ROOT + "contacts?$top=1").then(), "prvReadContact");

        given().contentType("application/json").body("{\"@odata.id\":\"" + serviceRoot() + "roles(" + BASIC_USER
                + ")\"}").post(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref").then()
                .statusCode(204);
        user.request().get(ROOT + "contacts?$top=1").then().statusCode(200);
        given().get(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref").then().statusCode(200)
                .body("value.'@odata.id'", hasItem(serviceRoot() + "roles(" + BASIC_USER + ")"));
        // Giving it again changes nothing and is not audited twice.
        given().contentType("application/json").body("{\"@odata.id\":\"roles(" + BASIC_USER + ")\"}")
                .post(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref").then()
                .statusCode(204);

        given().delete(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association(" + BASIC_USER + ")/$ref")
                .then().statusCode(204);
        refused(user.request().get(ROOT + "contacts?$top=1").then(), "prvReadContact");
        given().get(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref").then().statusCode(200)
                .body("value.'@odata.id'", not(hasItem(serviceRoot() + "roles(" + BASIC_USER + ")")));

        // The other form Dataverse takes: the role as $id.
        given().contentType("application/json").body("{\"@odata.id\":\"roles(" + BASIC_USER + ")\"}")
                .post(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref").then()
                .statusCode(204);
        given().delete(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref?$id=" + serviceRoot()
                + "roles(" + BASIC_USER + ")").then().statusCode(204);
        refused(user.request().get(ROOT + "contacts?$top=1").then(), "prvReadContact");

        List<Map<String, Object>> audit = assignments.auditOf(user.id());
        assertEquals(List.of("Associate", "Disassociate", "Associate", "Disassociate"),
                audit.stream().map(row -> row.get("operation")).toList());
        audit.forEach(row -> {
            assertEquals(WhoAmIOperation.ADMINISTRATOR_ID, row.get("changedby"));
            assertEquals(UUID.fromString(BASIC_USER), row.get("roleid"));
        });
    }

    @Test
    void shouldLetOnlyCallersWithPrvAssignRoleGiveWhatTheyHold() {
        User target = users().create(Map.of());
        String assign = ROOT + "systemusers(" + target.id() + ")/systemuserroles_association/$ref";
        String basicUser = "{\"@odata.id\":\"roles(" + BASIC_USER + ")\"}";

        User reader = users().create(Map.of("prvReadUser", 8, "prvReadRole", 8));
        refused(reader.request().body(basicUser).post(assign).then(), "prvAssignRole");
        refused(reader.request().delete(ROOT + "systemusers(" + WhoAmIOperation.ADMINISTRATOR_ID
                + ")/systemuserroles_association(" + SYSTEM_ADMINISTRATOR + ")/$ref").then(), "prvAssignRole");
        given().get(ROOT + "systemusers(" + WhoAmIOperation.ADMINISTRATOR_ID + ")/systemuserroles_association/$ref")
                .then().statusCode(200).body("value.'@odata.id'", hasItem(serviceRoot() + "roles("
                        + SYSTEM_ADMINISTRATOR + ")"));

        // prvAssignRole alone does not hand out privileges the caller does not hold.
        User delegate = users().create(Map.of("prvAssignRole", 8, "prvReadContact", 1));
        refused(delegate.request().body(basicUser).post(assign).then(), "is missing prvAppendActivity privilege");
        delegate.request().body("{\"@odata.id\":\"roles(" + SYSTEM_ADMINISTRATOR + ")\"}").post(assign).then()
                .statusCode(403).body("error.code", equalTo("0x80040220"))
                .body("error.message", containsString("only a System Administrator"));
        target.request().get(ROOT + "systemusers(" + target.id() + ")/systemuserroles_association/$ref").then()
                .statusCode(403);
        assertEquals(List.of(), assignments.auditOf(target.id()));

        // A delegate who holds everything a role grants may give it.
        UUID narrow = UUID.randomUUID();
        users().execute("INSERT INTO securityrole (roleid, name) VALUES (?, ?)", narrow, "Contact readers " + narrow);
        users().execute("INSERT INTO securityroleprivilege (roleid, privilegename, depth) VALUES (?, 'prvReadContact',"
                + " 1)", narrow);
        delegate.request().body("{\"@odata.id\":\"roles(" + narrow + ")\"}").post(assign).then().statusCode(204);
        target.request().get(ROOT + "contacts?$top=1").then().statusCode(200);
        assertEquals(delegate.id(), assignments.auditOf(target.id()).get(0).get("changedby"));
    }

    @Test
    void shouldAnswerBadIdsAndBodiesWithDataverseErrors() {
        User user = users().create(Map.of());
        String assign = ROOT + "systemusers(" + user.id() + ")/systemuserroles_association/$ref";
        UUID unknown = UUID.randomUUID();
        error(given().contentType("application/json").body("{\"@odata.id\":\"roles(" + BASIC_USER + ")\"}")
                .post(ROOT + "systemusers(" + unknown + ")/systemuserroles_association/$ref").then(), 404,
                "0x80040217", "systemuser With Id = " + unknown + " Does Not Exist");
        error(given().contentType("application/json").body("{\"@odata.id\":\"roles(" + unknown + ")\"}").post(assign)
                .then(), 404, "0x80040217", "role With Id = " + unknown + " Does Not Exist");
        error(given().delete(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association(" + unknown
                + ")/$ref").then(), 404, "0x80040217", "role With Id");
        error(given().contentType("application/json").body("{\"@odata.id\":\"roles(" + BASIC_USER + ")\"}")
                .post(ROOT + "systemusers(not-a-guid)/systemuserroles_association/$ref").then(), 400, "0x80060888",
                "not a GUID");
        error(given().delete(ROOT + "systemusers(" + user.id() + ")/systemuserroles_association(123)/$ref").then(),
                400, "0x80060888", "not a GUID");
        for (String body : List.of("{\"@odata.id\":\"contacts(" + BASIC_USER + ")\"}", "{\"@odata.id\":\"roles(x)\"}",
                "{\"@odata.id\":\"roles(" + BASIC_USER + ")/name\"}", "{\"@odata.id\":42}", "{}",
                "{\"roleid\":\"" + BASIC_USER + "\"}")) {
            given().contentType("application/json").body(body).post(assign).then().statusCode(400)
                    .body("error.code", containsString("0x")).body("error.message", not(containsString("Exception")));
        }
        error(given().contentType("application/json").body("").post(assign).then(), 400, "0x80048d19", "empty");
        error(given().contentType("application/json").body("{\"@odata.id\":").post(assign).then(), 400, "0x80048d19",
                "not valid JSON");
        error(given().contentType("text/plain").body("roles(" + BASIC_USER + ")").post(assign).then(), 415,
                "0x80060888", "JSON");
        error(given().delete(assign).then(), 400, "0x80048d19", "Name the role");
        error(given().contentType("application/json").body("{}").put(assign).then(), 405, "0x80060888", "not allowed");
        assertEquals(List.of(), assignments.auditOf(user.id()));
    }

    private static org.hamcrest.Matcher<Integer> greaterThanOrEqual400() {
        return org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThanOrEqualTo(400),
                org.hamcrest.Matchers.lessThan(500));
    }

    private static void refused(ValidatableResponse response, String privilege) {
        response.statusCode(403).body("error.code", equalTo("0x80040220"))
                .body("error.message", containsString(privilege));
    }

    private static void error(ValidatableResponse response, int status, String code, String message) {
        response.statusCode(status).body("error.code", equalTo(code)).body("error.message", containsString(message));
    }

    private static String serviceRoot() {
        return given().get(ROOT).then().statusCode(200).extract().<String>path("'@odata.context'")
                .replace("$metadata", "");
    }
}
