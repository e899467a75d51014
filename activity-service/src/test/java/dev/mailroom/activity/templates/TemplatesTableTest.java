package dev.mailroom.activity.templates;

import static dev.mailroom.activity.templates.TemplateApi.ROOT;
import static dev.mailroom.activity.templates.TemplateApi.instantiate;
import static dev.mailroom.activity.templates.TemplateApi.object;
import static dev.mailroom.activity.templates.TemplateApi.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TemplatesTableTest {

    private static final String DATAVERSE_SUBJECT = "<?xml version=\"1.0\" ?><xsl:stylesheet"
            + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:output method=\"text\""
            + " indent=\"no\"/><xsl:template match=\"/data\"><![CDATA[Dear ]]><xsl:choose><xsl:when"
            + " test=\"contact/lastname\"><xsl:value-of select=\"contact/lastname\" /></xsl:when><xsl:otherwise>"
            + "Valued Customer</xsl:otherwise></xsl:choose><![CDATA[, from ]]><xsl:value-of"
            + " select=\"systemuser/firstname\" /></xsl:template></xsl:stylesheet>";

    @Test
    void shouldStoreDataverseXsltAsItIsWithDefaults() {
        UUID id = TemplateApi.template("Exported " + TemplateApi.unique(), "contact", DATAVERSE_SUBJECT, null);
        given().when().get(ROOT + "templates(" + id + ")").then().statusCode(200)
                .body("subject", equalTo(DATAVERSE_SUBJECT))
                .body("templatetypecode", equalTo("contact"))
                .body("ispersonal", equalTo(true))
                .body("languagecode", equalTo(1033))
                .body("usedcount", equalTo(0))
                .body("componentstate", equalTo(0));
    }

    @Test
    void shouldCompilePlaceholderTextAndKeepWhatWasWritten() {
        String written = "Hello {!contact:firstname;friend}";
        UUID id = TemplateApi.template("Readable " + TemplateApi.unique(), "contact", written, "<p>{!contact:x}</p>");
        given().when().get(ROOT + "templates(" + id + ")").then().statusCode(200)
                .body("subject", startsWith("<?xml version=\"1.0\" ?><xsl:stylesheet"))
                .body("subject", containsString("<xsl:when test=\"contact/firstname\">"))
                .body("subjectpresentationxml", equalTo("<template><text><![CDATA[" + written
                        + "]]></text></template>"))
                .body("presentationxml", equalTo("<template><text><![CDATA[<p>{!contact:x}</p>]]></text></template>"));
    }

    @Test
    void shouldRenderTheNewVersionAfterAnUpdate() {
        UUID template = TemplateApi.template("Versioned " + TemplateApi.unique(), "contact",
                "First {!contact:lastname}", null);
        UUID contact = TemplateApi.contact("Ann", "Lee", "ann@example.com");
        instantiate(template, "contact", contact).then().statusCode(200).body("value[0].subject", equalTo("First Lee"));
        request().body(object().put("subject", "Second {!contact:firstname}").toString())
                .when().patch(ROOT + "templates(" + template + ")").then().statusCode(204);
        instantiate(template, "contact", contact).then().statusCode(200)
                .body("value[0].subject", equalTo("Second Ann"));
    }

    @Test
    void shouldRefuseMalformedTemplatesWithTheirLocation() {
        TemplateApi.post("templates", object().put("title", "Bad").put("templatetypecode", "contact")
                .put("subject", "Dear\n {!contact:firstname;x").toString())
                .then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", equalTo("The template's subject is not valid: Line 2, column 2: the placeholder"
                        + " is not closed with '}'."));
        TemplateApi.post("templates", object().put("title", "Bad").put("templatetypecode", "contact")
                .put("subject", "ok").put("body", DATAVERSE_SUBJECT.replace("</xsl:choose>", "")).toString())
                .then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", startsWith("The template's body is not a valid XSLT stylesheet: "));
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + DATAVERSE_SUBJECT.substring("<?xml version=\"1.0\" ?>".length()).replace("Dear ", "&e;");
        TemplateApi.post("templates", object().put("title", "Bad").put("templatetypecode", "contact")
                .put("subject", entity).toString()).then().statusCode(400)
                .body("error.message", startsWith("The template's subject is not a valid XSLT stylesheet: "));
    }

    @Test
    void shouldRefuseTemplatesWithoutTitleSubjectOrKnownType() {
        TemplateApi.post("templates", object().put("templatetypecode", "contact").put("subject", "s").toString())
                .then().statusCode(400).body("error.message", equalTo("Required field 'title' is missing for"
                        + " 'template'."));
        TemplateApi.post("templates", object().put("title", "t").put("templatetypecode", "contact")
                .put("subject", " ").toString())
                .then().statusCode(400).body("error.message", equalTo("A template's subject cannot be empty."));
        TemplateApi.post("templates", object().put("title", "t").put("templatetypecode", "emailserverprofile")
                .put("subject", "s").toString())
                .then().statusCode(400).body("error.code", equalTo("0x80040203"))
                .body("error.message", startsWith("templatetypecode must name the table the template is for"));
        UUID id = TemplateApi.template("Typed " + TemplateApi.unique(), "contact", "s", null);
        request().body(object().put("templatetypecode", "email").toString())
                .when().patch(ROOT + "templates(" + id + ")").then().statusCode(400);
        request().body(object().put("body", "<p>{!contact:</p>").toString())
                .when().patch(ROOT + "templates(" + id + ")").then().statusCode(400);
        given().when().get(ROOT + "templates(" + id + ")").then().statusCode(200)
                .body("templatetypecode", equalTo("contact")).body("body", equalTo(null));
    }

    @Test
    void shouldDescribeTemplatesAndTheirActionsInMetadata() {
        given().when().get(ROOT + "$metadata").then().statusCode(200)
                .body(containsString("<EntityType Name=\"template\""))
                .body(containsString("<EntityType Name=\"crmbaseentity\" Abstract=\"true\""))
                .body(containsString("<Action Name=\"InstantiateTemplate\""))
                .body(containsString("<ReturnType Type=\"Collection(mscrm.crmbaseentity)\""))
                .body(containsString("<Action Name=\"SendEmailFromTemplate\""))
                .body(containsString("<Parameter Name=\"Recipients\" Type=\"Collection(mscrm.crmbaseentity)\""))
                .body(containsString("<Action Name=\"SendTemplate\""));
    }
}
