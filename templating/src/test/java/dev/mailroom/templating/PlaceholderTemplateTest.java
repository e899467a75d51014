package dev.mailroom.templating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.templating.PlaceholderTemplate.Placeholder;
import dev.mailroom.templating.PlaceholderTemplate.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholderTemplateTest {

    private static final RenderData ANN = RenderData.of(
            DataRecord.of("contact").set("firstname", "Ann").set("lastname", "Lee")
                    .setLookup("parentcustomerid", java.util.UUID.randomUUID(), "Contoso").build(),
            DataRecord.of("systemuser").set("fullname", "Sam Sender").build());

    @Test
    void shouldSplitTextAndPlaceholders() {
        PlaceholderTemplate template = PlaceholderTemplate.parse("Dear {!Contact:FirstName;Valued Customer}, hi");
        assertEquals(List.of(new Text("Dear "), new Placeholder("contact", "firstname", false, "Valued Customer"),
                new Text(", hi")), template.segments());
    }

    @Test
    void shouldRenderValuesDefaultsAndLookupNames() {
        String text = "{!contact:firstname} {!contact:lastname} of {!contact:parentcustomerid/@name}"
                + " ({!contact:jobtitle;no title}) from {!systemuser:fullname}";
        assertEquals("Ann Lee of Contoso (no title) from Sam Sender", render(text));
    }

    @Test
    void shouldKeepBracesThatOpenNoPlaceholderAsText() {
        assertEquals("<style>p { color: red }</style>Ann",
                render("<style>p { color: red }</style>{!contact:firstname}"));
    }

    @Test
    void shouldResolveEscapesInTextAndDefaults() {
        assertEquals("{!contact:firstname} costs \\ 5; {x}", render("\\{!contact:firstname} costs \\\\ 5\\; \\{x\\}"));
        assertEquals("a;b}c{d\\e", render("{!contact:nickname;a\\;b\\}c\\{d\\\\e}"));
        assertEquals("C:\\dir", render("C:\\dir"));
    }

    @Test
    void shouldKeepCdataTerminatorsAndWhitespaceInText() {
        assertEquals("]]> Ann  Lee ]]>", render("]]> {!contact:firstname}  {!contact:lastname} ]]>"));
    }

    @Test
    void shouldRefuseMalformedPlaceholdersNamingWhere() {
        assertError("Line 1, column 6: the placeholder is not closed with '}'.", "Dear {!contact:firstname");
        assertError("Line 2, column 1: a placeholder is {!entity:attribute} or {!entity:attribute;default},"
                + " found {!firstname}.", "Dear\n{!firstname}");
        assertError("Line 1, column 1: the attribute of a placeholder must be a logical name (letters, digits,"
                + " '_'), found 'first name'.", "{!contact:first name}");
        assertError("Line 1, column 1: the entity of a placeholder must be a logical name (letters, digits, '_'),"
                + " found ''.", "{!:firstname}");
        assertError("Line 1, column 22: ';' inside a placeholder's default must be written '\\;'.",
                "{!contact:firstname;a;b}");
        assertError("Line 1, column 21: '{' inside a placeholder must be written '\\{'.",
                "{!contact:firstname;{!contact:lastname}}");
        assertError("Line 1, column 3: the character U+0001 cannot appear in a template.", "ab\u0001");
    }

    @Test
    void shouldCompileToDataverseShapedXslt() {
        String xslt = PlaceholderTemplate.parse("Dear {!contact:lastname;Valued Customer}").toXslt();
        assertTrue(xslt.contains("<xsl:choose><xsl:when test=\"contact/lastname\"><xsl:value-of"
                + " select=\"contact/lastname\" /></xsl:when><xsl:otherwise>"), xslt);
        assertEquals(TemplateForm.XSLT, TemplateForm.of(xslt));
    }

    private static void assertError(String message, String text) {
        TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class, () -> PlaceholderTemplate.parse(text));
        assertEquals(message, e.getMessage());
    }

    private static String render(String text) {
        String xslt = PlaceholderTemplate.parse(text).toXslt();
        return CompiledTemplate.compile(null, xslt).render(ANN).body();
    }
}
