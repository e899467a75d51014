package dev.mailroom.activity.security;

import static dev.mailroom.activity.security.TestUsers.ROOT;
import static dev.mailroom.activity.security.TestUsers.emailBody;
import static dev.mailroom.activity.security.TestUsers.idOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.activity.security.TestUsers.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Privileges in Dataverse's vocabulary, checked per table and operation class from the table declarations; user
 * level reaches the caller's own activities only (in the SQL of reads), organization level everyone's.
 */
@QuarkusTest
class AuthorizationTest {

    private static final int USER = 1;
    private static final int ORG = 8;
    private static final List<String> ACTIVITY = List.of("prvCreateActivity", "prvReadActivity",
            "prvWriteActivity", "prvDeleteActivity", "prvAppendActivity", "prvSendEmail");

    @Inject
    DataSource dataSource;

    private TestUsers users() {
        return new TestUsers(dataSource);
    }

    /** Every activity privilege at {@code depth}, contacts readable and appendable to, minus {@code without}. */
    private User activityUser(int depth, String without) {
        Map<String, Integer> privileges = new HashMap<>();
        ACTIVITY.forEach(name -> privileges.put(name, depth));
        privileges.put("prvReadContact", ORG);
        privileges.put("prvAppendToContact", ORG);
        privileges.remove(without);
        return users().create(privileges);
    }

    /** What each operation class does, given the user and an email of theirs. */
    private static final Map<String, BiFunction<User, UUID, Response>> OPERATIONS = Map.of(
            "prvCreateActivity", (user, own) -> user.request().body(emailBody("created")).post(ROOT + "emails"),
            "prvReadActivity", (user, own) -> user.request().get(ROOT + "emails(" + own + ")"),
            "prvWriteActivity", (user, own) -> user.request().body("{\"subject\":\"changed\"}")
                    .patch(ROOT + "emails(" + own + ")"),
            "prvDeleteActivity", (user, own) -> user.request().delete(ROOT + "emails(" + own + ")"),
            "prvAppendActivity", (user, own) -> user.request().body("{\"regardingobjectid_contact_email@odata.bind\":"
                    + "\"/contacts(" + contactOf() + ")\"}").patch(ROOT + "emails(" + own + ")"),
            "prvSendEmail", (user, own) -> user.request().body("{\"IssueSend\":false}")
                    .post(ROOT + "emails(" + own + ")/Microsoft.Dynamics.CRM.SendEmail"));

    private static UUID contactOf() {
        Response created = io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"lastname\":\"Regarding\"}").post(ROOT + "contacts");
        return idOf(created);
    }

    /** An email owned by {@code user}, created by the administrator and given to them. */
    private UUID emailOf(User user) {
        UUID id = idOf(io.restassured.RestAssured.given().contentType("application/json").body(emailBody("owned"))
                .post(ROOT + "emails"));
        users().execute("UPDATE email SET ownerid = ? WHERE activityid = ?", user.id(), id);
        return id;
    }

    @ParameterizedTest
    @ValueSource(strings = {"prvCreateActivity", "prvReadActivity", "prvWriteActivity", "prvDeleteActivity",
            "prvAppendActivity", "prvSendEmail"})
    void shouldRefuseEachOperationClassWithoutItsPrivilege(String missing) {
        User without = activityUser(USER, missing);
        UUID own = emailOf(without);
        OPERATIONS.get(missing).apply(without, own).then().statusCode(403)
                .body("error.code", equalTo("0x80040220"))
                .body("error.message", containsString("missing " + missing + " privilege"));
        // The same operation with the privilege held succeeds, so the refusal was the privilege's.
        User with = activityUser(USER, "none");
        int status = OPERATIONS.get(missing).apply(with, emailOf(with)).statusCode();
        assertEquals(2, status / 100, missing + " with the privilege answered " + status);
        // Nothing was changed by the refused request.
        io.restassured.RestAssured.given().get(ROOT + "emails(" + own + ")?$select=subject,statuscode").then()
                .statusCode(200).body("subject", equalTo("owned")).body("statuscode", equalTo(1));
    }

    /** What each template operation class does, given the user and a template they may reach. */
    private static final Map<String, BiFunction<User, UUID, Response>> TEMPLATE_OPERATIONS = Map.of(
            "prvCreateTemplate", (user, template) -> user.request().body(templateBody("created"))
                    .post(ROOT + "templates"),
            "prvReadTemplate", (user, template) -> user.request().get(ROOT + "templates(" + template + ")"),
            "prvWriteTemplate", (user, template) -> user.request().body("{\"title\":\"changed\"}")
                    .patch(ROOT + "templates(" + template + ")"),
            "prvDeleteTemplate", (user, template) -> user.request().delete(ROOT + "templates(" + template + ")"));

    private static String templateBody(String title) {
        return "{\"title\":\"" + title + "\",\"subject\":\"Hi\",\"templatetypecode\":\"contact\","
                + "\"body\":\"Hello {!contact:firstname;friend}\"}";
    }

    /** A template authored by the administrator. */
    private static UUID templateOf() {
        return idOf(io.restassured.RestAssured.given().contentType("application/json").body(templateBody("authored"))
                .post(ROOT + "templates"));
    }

    /** Every template privilege at organization level, minus {@code without}. */
    private User templateUser(String without) {
        Map<String, Integer> privileges = new HashMap<>();
        TEMPLATE_OPERATIONS.keySet().forEach(name -> privileges.put(name, ORG));
        privileges.remove(without);
        return users().create(privileges);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prvCreateTemplate", "prvReadTemplate", "prvWriteTemplate", "prvDeleteTemplate"})
    void shouldRefuseEachTemplateOperationWithoutItsPrivilege(String missing) {
        User without = templateUser(missing);
        UUID template = templateOf();
        TEMPLATE_OPERATIONS.get(missing).apply(without, template).then().statusCode(403)
                .body("error.code", equalTo("0x80040220"))
                .body("error.message", containsString("missing " + missing + " privilege"));
        // The same operation with the privilege held succeeds, so the refusal was the privilege's.
        int status = TEMPLATE_OPERATIONS.get(missing).apply(templateUser("none"), templateOf()).statusCode();
        assertEquals(2, status / 100, missing + " with the privilege answered " + status);
        // Nothing was changed by the refused request.
        io.restassured.RestAssured.given().get(ROOT + "templates(" + template + ")?$select=title").then()
                .statusCode(200).body("title", equalTo("authored"));
    }

    @Test
    void shouldRefuseBulkMailWithoutTheBulkEmailPrivilege() {
        Map<String, Integer> privileges = new HashMap<>();
        ACTIVITY.forEach(name -> privileges.put(name, ORG));
        privileges.put("prvReadContact", ORG);
        privileges.put("prvReadTemplate", ORG);
        User sender = users().create(privileges);
        UUID template = templateOf();
        UUID regarding = contactOf();
        String request = "{\"Sender\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.systemuser\",\"systemuserid\":\""
                + sender.id() + "\"},\"TemplateId\":\"" + template + "\",\"RegardingType\":\"contact\","
                + "\"RegardingId\":\"" + regarding + "\",\"Query\":\"contacts?$filter=lastname eq 'Nobody'\"}";
        long jobsBefore = bulkJobs();
        sender.request().body(request).post(ROOT + "SendBulkMail").then().statusCode(403)
                .body("error.code", equalTo("0x80040220"))
                .body("error.message", containsString("missing prvBulkEmail privilege"));
        assertEquals(jobsBefore, bulkJobs(), "a refused SendBulkMail created no asyncoperation");
    }

    private long bulkJobs() {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT count(*) FROM asyncoperation "
                        + "WHERE operationtype = 2");
                var result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldRefuseTablesTheCallerHasNoPrivilegeOn() {
        User nobody = users().create(Map.of());
        nobody.request().get(ROOT + "contacts").then().statusCode(403)
                .body("error.message", containsString("prvReadContact"));
        nobody.request().body("{\"lastname\":\"x\"}").post(ROOT + "contacts").then().statusCode(403)
                .body("error.message", containsString("prvCreateContact"));
        nobody.request().get(ROOT + "emails").then().statusCode(403);
        nobody.request().get(ROOT + "emailserverprofiles").then().statusCode(403)
                .body("error.message", containsString("prvReadEmailServerProfile"));
        nobody.request().get(ROOT + "WhoAmI").then().statusCode(200).body("UserId", equalTo(nobody.id().toString()));
    }

    @Test
    void shouldConfineUserLevelToTheCallersOwnActivities() {
        User alice = activityUser(USER, "none");
        User bob = activityUser(USER, "none");
        User auditor = activityUser(ORG, "none");
        UUID alices = idOf(alice.request().body(emailBody("alice's")).post(ROOT + "emails"));
        UUID bobs = idOf(bob.request().body(emailBody("bob's")).post(ROOT + "emails"));

        alice.request().get(ROOT + "emails?$select=subject,_ownerid_value").then().statusCode(200)
                .body("value._ownerid_value", everyItem(equalTo(alice.id().toString())))
                .body("value.activityid", hasItem(alices.toString()))
                .body("value.activityid", not(hasItem(bobs.toString())));
        alice.request().get(ROOT + "emails(" + bobs + ")").then().statusCode(404);
        alice.request().get(ROOT + "emails/$count").then().statusCode(200);
        alice.request().get(ROOT + "activityparties?$filter=_activityid_value eq " + bobs).then().statusCode(200)
                .body("value", org.hamcrest.Matchers.empty());
        alice.request().get(ROOT + "emails(" + alices + ")?$expand=email_activity_parties").then().statusCode(200)
                .body("email_activity_parties.size()", equalTo(2));
        alice.request().body("{\"subject\":\"hijacked\"}").patch(ROOT + "emails(" + bobs + ")").then()
                .statusCode(403).body("error.code", equalTo("0x80040220"));
        alice.request().delete(ROOT + "emails(" + bobs + ")").then().statusCode(403);
        alice.request().body("{\"IssueSend\":false}").post(ROOT + "emails(" + bobs
                + ")/Microsoft.Dynamics.CRM.SendEmail").then().statusCode(403);
        bob.request().get(ROOT + "emails(" + bobs + ")").then().statusCode(200).body("subject", equalTo("bob's"));

        auditor.request().get(ROOT + "emails(" + bobs + ")").then().statusCode(200);
        auditor.request().get(ROOT + "emails(" + alices + ")").then().statusCode(200)
                .body("_ownerid_value", equalTo(alice.id().toString()));
        auditor.request().body("{\"subject\":\"reviewed\"}").patch(ROOT + "emails(" + alices + ")").then()
                .statusCode(204);
    }

    @Test
    void shouldChangeMailboxApprovalOnlyWithTheApprovalPrivilegeAndAuditIt() {
        Map<String, Integer> manager = new HashMap<>(Map.of("prvReadUser", ORG, "prvWriteUser", ORG,
                "prvReadQueue", ORG, "prvWriteQueue", ORG, "prvCreateQueue", ORG));
        User clerk = users().create(manager);
        manager.put("prvApproveRejectEmailAddress", ORG);
        User approver = users().create(manager);
        UUID queue = idOf(approver.request().body("{\"name\":\"Support\",\"emailaddress\":\"support@mailroom.test\"}")
                .post(ROOT + "queues"));

        for (String set : List.of("systemusers(" + clerk.id() + ")", "queues(" + queue + ")")) {
            clerk.request().body("{\"emailrouteraccessapproval\":1}").patch(ROOT + set).then().statusCode(403)
                    .body("error.message", containsString("prvApproveRejectEmailAddress"));
            approver.request().get(ROOT + set + "?$select=emailrouteraccessapproval").then()
                    .body("emailrouteraccessapproval", equalTo(0));
            // Other columns stay writable for the clerk.
            approver.request().body("{\"emailrouteraccessapproval\":1}").patch(ROOT + set).then().statusCode(204);
            approver.request().get(ROOT + set + "?$select=emailrouteraccessapproval").then()
                    .body("emailrouteraccessapproval", equalTo(1));
        }
        clerk.request().body("{\"name\":\"Sales\",\"emailrouteraccessapproval\":1}").post(ROOT + "queues").then()
                .statusCode(403);
        List<Map<String, Object>> audit = auditOf(queue);
        assertEquals(1, audit.size(), "one audited change: " + audit);
        assertEquals(approver.id(), audit.get(0).get("changedby"));
        assertEquals(0, audit.get(0).get("oldvalue"));
        assertEquals(1, audit.get(0).get("newvalue"));
    }

    @Test
    void shouldImpersonateOnlyWithTheImpersonationPrivilege() {
        User target = activityUser(USER, "none");
        User plain = activityUser(ORG, "none");
        Map<String, Integer> service = new HashMap<>(Map.of("prvActOnBehalfOfAnotherUser", ORG));
        User delegate = users().create(service);

        plain.request().header("MSCRMCallerID", target.id().toString()).get(ROOT + "WhoAmI").then().statusCode(403)
                .body("error.message", containsString("prvActOnBehalfOfAnotherUser"));
        delegate.request().header("MSCRMCallerID", target.id().toString()).get(ROOT + "WhoAmI").then()
                .statusCode(200).body("UserId", equalTo(target.id().toString()));
        delegate.request().header("CallerObjectId", target.objectId().toString()).get(ROOT + "WhoAmI").then()
                .statusCode(200).body("UserId", equalTo(target.id().toString()));
        // Acting as the target, the delegate has the target's privileges and the email is the target's.
        UUID created = idOf(delegate.request().header("MSCRMCallerID", target.id().toString())
                .body(emailBody("on behalf")).post(ROOT + "emails"));
        target.request().get(ROOT + "emails(" + created + ")").then().statusCode(200)
                .body("_ownerid_value", equalTo(target.id().toString()));
        // Without impersonation the delegate holds no activity privilege at all.
        delegate.request().get(ROOT + "emails(" + created + ")").then().statusCode(403);
        delegate.request().header("MSCRMCallerID", "not-a-guid").get(ROOT + "WhoAmI").then().statusCode(400);
        delegate.request().header("MSCRMCallerID", UUID.randomUUID().toString()).get(ROOT + "WhoAmI").then()
                .statusCode(404);
    }

    private List<Map<String, Object>> auditOf(UUID id) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT changedby, oldvalue, newvalue FROM "
                        + "emailapprovalaudit WHERE objectid = ? ORDER BY auditid")) {
            statement.setObject(1, id);
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(Map.of("changedby", result.getObject(1), "oldvalue", result.getInt(2),
                            "newvalue", result.getInt(3)));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
