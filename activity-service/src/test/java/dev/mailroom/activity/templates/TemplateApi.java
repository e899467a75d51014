package dev.mailroom.activity.templates;

import static io.restassured.RestAssured.given;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls the Web API for template tests: records created from JSON built with Jackson (values are hostile). */
final class TemplateApi {

    static final String ROOT = "/api/data/v9.2/";
    static final UUID ADMINISTRATOR = UUID.fromString("6d61696c-726f-4f6d-8000-000000000002");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENTITY_ID = Pattern.compile(".*\\(([0-9a-f-]{36})\\)$");

    private TemplateApi() {
    }

    static RequestSpecification request() {
        return given().contentType("application/json").header("OData-Version", "4.0")
                .header("Accept", "application/json");
    }

    static Response post(String path, Object body) {
        return request().body(body instanceof String text ? text : JSON.valueToTree(body).toString())
                .when().post(ROOT + path);
    }

    static UUID create(String entitySet, ObjectNode body) {
        Response response = post(entitySet, body.toString());
        response.then().statusCode(204);
        Matcher matcher = ENTITY_ID.matcher(response.header("OData-EntityId"));
        if (!matcher.matches()) {
            throw new AssertionError("Unexpected OData-EntityId " + response.header("OData-EntityId"));
        }
        return UUID.fromString(matcher.group(1));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static UUID template(String title, String type, String subject, String body) {
        ObjectNode template = object().put("title", title).put("templatetypecode", type).put("subject", subject);
        if (body != null) {
            template.put("body", body);
        }
        return create("templates", template);
    }

    static UUID contact(String firstname, String lastname, String email) {
        ObjectNode contact = object().put("firstname", firstname).put("lastname", lastname);
        contact.put("emailaddress1", email);
        return create("contacts", contact);
    }

    static ObjectNode reference(String table, UUID id) {
        return object().put("@odata.type", "Microsoft.Dynamics.CRM." + table).put(table + "id", id.toString());
    }

    static Response instantiate(UUID templateId, String objectType, UUID objectId) {
        ObjectNode body = object().put("TemplateId", templateId.toString()).put("ObjectType", objectType)
                .put("ObjectId", objectId.toString());
        return post("InstantiateTemplate", body.toString());
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
