package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** SetState as a PATCH of statecode/statuscode: cancel, re-open, and the changes a closed email refuses. */
@QuarkusTest
class EmailTransitionsTest {

    @Test
    void shouldCancelAndReopenADraft() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Cancel me", "a@b.io", "c@d.io"));
        patch(id, "{\"statecode\":2}").then().statusCode(204);
        status(id, 2, 5);

        patch(id, "{\"subject\":\"Changed\"}").then().statusCode(400).body("error.code", equalTo("0x80040265"));
        patch(id, "{\"statecode\":0,\"statuscode\":1,\"subject\":\"Both\"}").then().statusCode(400)
                .body("error.code", equalTo("0x80040265"));

        patch(id, "{\"statecode\":0,\"statuscode\":1}").then().statusCode(204);
        status(id, 0, 1);
        patch(id, "{\"subject\":\"Changed\"}").then().statusCode(204);
    }

    @Test
    void shouldReopenACompletedEmailButNeverASentOne() {
        UUID completed = EmailApi.createEmail(EmailApi.emailBody("Done", "a@b.io", "c@d.io"));
        patch(completed, "{\"statecode\":1,\"statuscode\":2}").then().statusCode(204);
        patch(completed, "{\"statecode\":0}").then().statusCode(204);
        status(completed, 0, 1);

        UUID sent = EmailApi.createEmail(EmailApi.emailBody("Sent", "a@b.io", "c@d.io"));
        EmailApi.sendEmail(sent, false).then().statusCode(200);
        patch(sent, "{\"statecode\":0,\"statuscode\":1}").then().statusCode(400)
                .body("error.code", equalTo("0x80040265"));
        patch(sent, "{\"statecode\":2,\"statuscode\":5}").then().statusCode(400)
                .body("error.code", equalTo("0x80040265"));
        status(sent, 1, 3);
    }

    @Test
    void shouldRefuseStatusesThatBelongToSending() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Draft", "a@b.io", "c@d.io"));
        for (String body : new String[] {"{\"statecode\":1,\"statuscode\":6}", "{\"statecode\":1,\"statuscode\":3}",
                "{\"statecode\":1,\"statuscode\":4}", "{\"statecode\":0,\"statuscode\":8}"}) {
            patch(id, body).then().statusCode(400).body("error.code", equalTo("0x80040265"));
        }
        patch(id, "{\"statecode\":0,\"statuscode\":5}").then().statusCode(400)
                .body("error.code", equalTo("0x80040203"));
        status(id, 0, 1);
    }

    private static io.restassured.response.Response patch(UUID id, String body) {
        return WebApi.request().body(body).patch(EmailApi.ROOT + "emails(" + id + ")");
    }

    private static void status(UUID id, int state, int status) {
        given().when().get(EmailApi.ROOT + "emails(" + id + ")").then()
                .body("statecode", equalTo(state)).body("statuscode", equalTo(status));
    }
}
