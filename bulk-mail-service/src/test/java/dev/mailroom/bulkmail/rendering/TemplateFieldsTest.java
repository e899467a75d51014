package dev.mailroom.bulkmail.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** A page keeps only the columns its template can insert, and renders exactly as it did with every column. */
class TemplateFieldsTest {

    private static final String XSLT = "<?xml version=\"1.0\" ?><xsl:stylesheet "
            + "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:output method=\"text\"/>"
            + "<xsl:template match=\"/data\"><xsl:value-of select=\"contact/jobtitle\"/></xsl:template>"
            + "</xsl:stylesheet>";

    @Test
    void shouldKeepOnlyTheColumnsThePlaceholdersOfTheRecipientsTableName() {
        Predicate<String> used = TemplateFields.used("contact", "News for {!contact:firstname;you}",
                "<p>{!contact:lastname} at {!account:name} ({!contact:parentcustomerid/@name;none})</p>");
        assertTrue(used.test("firstname"));
        assertTrue(used.test("lastname"));
        assertTrue(used.test("parentcustomerid"));
        // Another table's placeholder finds nothing in a contact's record: its column is not kept for it.
        assertFalse(used.test("name"));
        assertFalse(used.test("fullname"));
        assertFalse(used.test("createdon"));
    }

    @Test
    void shouldKeepEveryColumnForAStylesheetOrAMalformedTemplate() {
        assertTrue(TemplateFields.used("contact", "Hello", XSLT).test("anything"));
        assertTrue(TemplateFields.used("contact", XSLT, "{!contact:firstname}").test("anything"));
        assertTrue(TemplateFields.used("contact", "{!contact:firstname", "body").test("anything"));
        assertFalse(TemplateFields.used("contact", null, null).test("firstname"));
    }

    /** Generated templates and recipients: the kept columns render to the same subject and body as all of them. */
    @Test
    void shouldRenderGeneratedTemplatesTheSameFromTheKeptColumnsAsFromAll() {
        Random random = new Random(9);
        List<String> columns = List.of("firstname", "lastname", "fullname", "jobtitle", "city", "telephone1",
                "createdon", "statecode", "emailaddress1", "description");
        XsltTemplateRenderer renderer = new XsltTemplateRenderer();
        for (int t = 0; t < 300; t++) {
            String subject = template(random, columns, 2);
            String body = "<p>" + template(random, columns, 5) + "</p>";
            Predicate<String> used = TemplateFields.used("contact", subject, body);
            CompiledTemplate template = renderer.compile(subject, body);
            for (int r = 0; r < 20; r++) {
                Map<String, String> all = new HashMap<>();
                for (String column : columns) {
                    if (random.nextInt(4) > 0) {
                        all.put(column, random.nextBoolean() ? column + "-" + r + " <&\"'>" : "");
                    }
                }
                Map<String, String> kept = new HashMap<>(all);
                kept.keySet().removeIf(used.negate());
                assertEquals(template.render("contact", all), template.render("contact", kept),
                        subject + " / " + body + " / " + all);
            }
        }
    }

    private static String template(Random random, List<String> columns, int placeholders) {
        StringBuilder text = new StringBuilder("Text ");
        for (int i = 0; i < placeholders; i++) {
            String entity = random.nextInt(5) == 0 ? "account" : "contact";
            text.append("{!").append(entity).append(':').append(columns.get(random.nextInt(columns.size())))
                    .append(random.nextInt(6) == 0 ? "/@name" : "")
                    .append(random.nextBoolean() ? ";default " + i : "").append("} and ");
        }
        return text.toString();
    }
}
