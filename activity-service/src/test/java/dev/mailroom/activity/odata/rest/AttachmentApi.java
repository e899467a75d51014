package dev.mailroom.activity.odata.rest;

import java.util.Base64;
import java.util.UUID;

import io.restassured.response.Response;

/** Attachment-shaped calls on top of {@link WebApi}: an email to attach to, a file posted in Base64. */
final class AttachmentApi {

    static final String ORGANIZATION = "6d61696c-726f-4f6d-8000-000000000001";

    private AttachmentApi() {
    }

    static UUID createEmail(String tag) {
        return EmailApi.createEmail(EmailApi.emailBody("Attachments " + tag, "sender@mailroom.local",
                "recipient@example.com"));
    }

    static Response postFile(UUID emailId, String filename, String mimeType, String base64) {
        return WebApi.request().body("""
                {"objectid_email@odata.bind": "/emails(%s)", "objecttypecode": "email", "subject": "Report",
                 "filename": %s, "mimetype": "%s", "body": "%s"}
                """.formatted(emailId, quote(filename), mimeType, base64))
                .when().post(WebApi.ROOT + "activitymimeattachments");
    }

    static UUID attach(UUID emailId, String filename, String mimeType, byte[] bytes) {
        Response response = postFile(emailId, filename, mimeType, Base64.getEncoder().encodeToString(bytes));
        response.then().statusCode(204);
        return WebApi.idOf(response);
    }

    static Response reuse(UUID emailId, String attachmentId) {
        return WebApi.request().body("""
                {"objectid_email@odata.bind": "/emails(%s)", "objecttypecode": "email", "subject": "Again",
                 "attachmentid@odata.bind": "/attachments(%s)"}
                """.formatted(emailId, attachmentId)).when().post(WebApi.ROOT + "activitymimeattachments");
    }

    static Response read(UUID attachmentRowId, String select) {
        return WebApi.request().when().get(WebApi.ROOT + "activitymimeattachments(" + attachmentRowId + ")?$select="
                + select);
    }

    static int attachmentCount(UUID emailId) {
        return WebApi.request().when().get(WebApi.ROOT + "emails(" + emailId + ")?$select=attachmentcount")
                .then().statusCode(200).extract().path("attachmentcount");
    }

    static void setOrganization(String json) {
        WebApi.request().header("If-Match", "*").body(json).when()
                .patch(WebApi.ROOT + "organizations(" + ORGANIZATION + ")").then().statusCode(204);
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
