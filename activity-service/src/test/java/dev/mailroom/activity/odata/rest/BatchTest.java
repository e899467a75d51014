package dev.mailroom.activity.odata.rest;

import static dev.mailroom.activity.odata.rest.WebApi.ROOT;
import static dev.mailroom.activity.odata.rest.WebApi.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BatchTest {

    private static final String BATCH = "batch_AAA123";
    private static final String CHANGES = "changeset_BBB456";

    @Test
    void shouldRunAChangeSetWithContentIdReferencesBesideAGet() {
        String tag = WebApi.tag();
        String body = part(BATCH, null, "GET " + ROOT + "WhoAmI HTTP/1.1", null)
                + "--" + BATCH + "\r\nContent-Type: multipart/mixed; boundary=" + CHANGES + "\r\n\r\n"
                + part(CHANGES, "1", "POST " + ROOT + "contacts HTTP/1.1",
                        "{\"lastname\":\"Hamilton\",\"emailaddress1\":\"margaret@example.com\",\"jobtitle\":\"" + tag
                                + "\"}")
                + part(CHANGES, "2", "POST " + ROOT + "emails HTTP/1.1",
                        "{\"subject\":\"Apollo\",\"regardingobjectid_contact_email@odata.bind\":\"$1\"}")
                + part(CHANGES, "3", "PATCH $1 HTTP/1.1", "{\"firstname\":\"Margaret\"}")
                + "--" + CHANGES + "--\r\n"
                + "--" + BATCH + "--\r\n";

        String response = given().contentType("multipart/mixed; boundary=" + BATCH).body(bytes(body))
                .when().post(ROOT + "$batch").then().statusCode(200)
                .contentType(containsString("multipart/mixed")).extract().asString();

        assertTrue(response.contains("HTTP/1.1 200 OK"), response);
        assertTrue(response.contains("\"UserId\""), response);
        assertEquals(3, count(response, "HTTP/1.1 204 No Content"), response);
        assertTrue(response.contains("Content-ID: 2"), response);
        Matcher contact = Pattern.compile("OData-EntityId: .*/contacts\\(([0-9a-f-]{36})\\)").matcher(response);
        assertTrue(contact.find(), response);
        request().when().get(ROOT + "contacts(" + contact.group(1) + ")").then()
                .body("fullname", equalTo("Margaret Hamilton"));
        request().queryParam("$filter", "_regardingobjectid_value eq " + contact.group(1)).when()
                .get(ROOT + "emails").then().body("value[0].subject", equalTo("Apollo"));
    }

    @Test
    void shouldRollBackAChangeSetThatFailsHalfWay() {
        String tag = WebApi.tag();
        String body = "--" + BATCH + "\r\nContent-Type: multipart/mixed; boundary=" + CHANGES + "\r\n\r\n"
                + part(CHANGES, "1", "POST " + ROOT + "contacts HTTP/1.1", "{\"lastname\":\"Kept?\",\"jobtitle\":\""
                        + tag + "\"}")
                + part(CHANGES, "2", "POST " + ROOT + "emails HTTP/1.1", "{\"colour\":\"red\"}")
                + "--" + CHANGES + "--\r\n--" + BATCH + "--\r\n";

        String response = given().contentType("multipart/mixed; boundary=" + BATCH).body(bytes(body))
                .when().post(ROOT + "$batch").then().statusCode(200).extract().asString();

        assertTrue(response.contains("HTTP/1.1 400 Bad Request"), response);
        assertTrue(response.contains("0x80060888"), response);
        request().queryParam("$filter", "jobtitle eq '" + tag + "'").when().get(ROOT + "contacts").then()
                .body("value.size()", equalTo(0));
    }

    @Test
    void shouldRefuseMoreThanOneThousandRequests() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            body.append(part(BATCH, null, "GET " + ROOT + "WhoAmI HTTP/1.1", null));
        }
        body.append("--").append(BATCH).append("--\r\n");
        given().contentType("multipart/mixed; boundary=" + BATCH).body(bytes(body.toString()))
                .when().post(ROOT + "$batch").then().statusCode(400)
                .body("error.message", containsString("1000"));
    }

    @Test
    void shouldRefuseABatchThatIsNotMultipart() {
        request().body("{}").when().post(ROOT + "$batch").then().statusCode(415)
                .body("error.code", equalTo("0x80060888"));
    }

    private static String part(String boundary, String contentId, String requestLine, String json) {
        StringBuilder part = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId != null) {
            part.append("Content-ID: ").append(contentId).append("\r\n");
        }
        part.append("\r\n").append(requestLine).append("\r\n");
        if (json != null) {
            part.append("Content-Type: application/json\r\n\r\n").append(json).append("\r\n");
        } else {
            part.append("Accept: application/json\r\n\r\n");
        }
        return part.toString();
    }

    /** As bytes: RestAssured has no encoder for a multipart/mixed string. */
    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
