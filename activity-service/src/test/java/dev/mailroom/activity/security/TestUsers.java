package dev.mailroom.activity.security;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.mailroom.localstack.testing.TestIdentity;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Users with exactly the privileges a test names, each in a role of their own (roles are managed in the database;
 * see docs/security.md), and requests made with their own signed tokens.
 */
final class TestUsers {

    static final String ROOT = "/api/data/v9.2/";
    private static final Pattern ENTITY_ID = Pattern.compile(".*\\(([0-9a-f-]{36})\\)$");

    private final DataSource dataSource;

    TestUsers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A user of the organization, and the token to call as them. */
    record User(UUID id, UUID objectId, String token) {

        RequestSpecification request() {
            return given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .header("Accept", "application/json");
        }
    }

    /** A new user holding {@code privileges} (name → depth: 1 user, 8 organization). */
    User create(Map<String, Integer> privileges) {
        UUID id = UUID.randomUUID();
        UUID objectId = UUID.randomUUID();
        UUID role = UUID.randomUUID();
        execute("INSERT INTO systemuser (systemuserid, firstname, lastname, fullname, internalemailaddress, "
                + "azureactivedirectoryobjectid, createdon, modifiedon) VALUES (?, 'Test', 'User', 'Test User', ?, ?, "
                + "now(), now())", id, "user-" + id.toString().substring(0, 8) + "@mailroom.test", objectId);
        execute("INSERT INTO securityrole (roleid, name) VALUES (?, ?)", role, "role " + role);
        execute("INSERT INTO systemuserrole (systemuserid, roleid) VALUES (?, ?)", id, role);
        privileges.forEach((name, depth) -> execute("INSERT INTO securityroleprivilege (roleid, privilegename, depth) "
                + "VALUES (?, ?, ?)", role, name, depth));
        return new User(id, objectId, TestIdentity.tokenFor(objectId));
    }

    void execute(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID idOf(Response response) {
        Matcher matcher = ENTITY_ID.matcher(response.header("OData-EntityId"));
        if (!matcher.matches()) {
            throw new AssertionError("No OData-EntityId in " + response.statusCode() + " "
                    + response.body().asString());
        }
        return UUID.fromString(matcher.group(1));
    }

    static String emailBody(String subject) {
        return """
                {"subject": "%s", "description": "<p>Hello</p>",
                 "email_activity_parties": [
                   {"participationtypemask": 1, "addressused": "sender@mailroom.test"},
                   {"participationtypemask": 2, "addressused": "someone@example.com"}]}
                """.formatted(subject);
    }
}
