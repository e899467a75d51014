package dev.mailroom.bulkmail.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.templating.TemplateRenderException;

/** Both template forms render per recipient: values, defaults, escaping in the body, one line in the subject. */
class XsltTemplateRendererTest {

    private final TemplateRenderer renderer = new XsltTemplateRenderer();

    @Test
    void shouldRenderThePlaceholderFormWithValuesAndDefaults() {
        CompiledTemplate template = renderer.compile("News for {!contact:firstname;you}",
                "<p>Dear {!contact:firstname;Valued Customer} {!contact:lastname}</p>");
        RenderedMessage ada = template.render("contact", Map.of("firstname", "Ada", "lastname", "Lovelace"));
        assertEquals("News for Ada", ada.subject());
        assertEquals("<p>Dear Ada Lovelace</p>", ada.htmlBody());

        RenderedMessage nobody = template.render("contact", Map.of());
        assertEquals("News for you", nobody.subject());
        assertTrue(nobody.htmlBody().startsWith("<p>Dear Valued Customer"), nobody.htmlBody());
    }

    @Test
    void shouldPutTheRecipientsUnsubscribeLinkWhereTheTemplateAsks() {
        String link = "https://mail.example.com/unsubscribe/AQEtoken.mac";
        CompiledTemplate placeholders = renderer.compile("News",
                "<p>Hi</p><a href=\"{!mailroom:unsubscribeurl;https://mail.example.com/preferences}\">Unsubscribe</a>");
        assertEquals("<p>Hi</p><a href=\"" + link + "\">Unsubscribe</a>",
                placeholders.render("contact", Map.of(), link).htmlBody());
        // No link configured: the placeholder's default stands.
        assertEquals("<p>Hi</p><a href=\"https://mail.example.com/preferences\">Unsubscribe</a>",
                placeholders.render("contact", Map.of()).htmlBody());

        String body = "<?xml version=\"1.0\" ?><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
                + "version=\"1.0\"><xsl:output method=\"text\" indent=\"no\"/><xsl:template match=\"/data\">"
                + "<![CDATA[Leave: ]]><xsl:value-of select=\"mailroom/unsubscribeurl\"/></xsl:template>"
                + "</xsl:stylesheet>";
        assertEquals("Leave: " + link, renderer.compile("News", body).render("lead", Map.of(), link).htmlBody());
    }

    @Test
    void shouldRenderTheStoredXsltForm() {
        String subject = "<?xml version=\"1.0\" ?><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
                + "version=\"1.0\"><xsl:output method=\"text\" indent=\"no\"/><xsl:template match=\"/data\">"
                + "<![CDATA[Hello ]]><xsl:value-of select=\"contact/firstname\"/></xsl:template></xsl:stylesheet>";
        RenderedMessage message = renderer.compile(subject, "<p>Hi</p>")
                .render("contact", Map.of("firstname", "Grace"));
        assertEquals("Hello Grace", message.subject());
        assertEquals("<p>Hi</p>", message.htmlBody());
    }

    @Test
    void shouldEscapeValuesInTheBodyAndKeepTheSubjectOnOneLine() {
        CompiledTemplate template = renderer.compile("Hi {!lead:firstname}", "<b>{!lead:firstname}</b>");
        RenderedMessage message = template.render("lead",
                Map.of("firstname", "<script>x</script> & Bob\r\nBcc: victim@example.org"));
        assertTrue(message.htmlBody().contains("&lt;script&gt;x&lt;/script&gt; &amp; Bob"), message.htmlBody());
        assertFalse(message.htmlBody().contains("<script>"), message.htmlBody());
        assertFalse(message.subject().contains("\r") || message.subject().contains("\n"), message.subject());
        assertTrue(message.subject().startsWith("Hi <script>x</script> & Bob"), message.subject());
    }

    /** A runaway template stops at the bulk limits, well before a page of its emails could exhaust the heap. */
    @Test
    void shouldStopRunawayTemplatesAtTheBulkLimits() {
        String recursion = stylesheet("<xsl:call-template name=\"loop\"/></xsl:template>"
                + "<xsl:template name=\"loop\"><xsl:call-template name=\"loop\"/>");
        assertEquals("The template's body recurses too deeply to render.", assertThrows(
                TemplateRenderException.class, () -> renderer.compile("Hi", recursion).render("contact", Map.of()))
                .getMessage());
        String doubling = stylesheet("<xsl:call-template name=\"twice\"><xsl:with-param name=\"n\" select=\"30\"/>"
                + "</xsl:call-template></xsl:template><xsl:template name=\"twice\"><xsl:param name=\"n\"/>"
                + "<xsl:choose><xsl:when test=\"$n = 0\">xxxxxxxxxxxxxxxx</xsl:when><xsl:otherwise>"
                + "<xsl:call-template name=\"twice\"><xsl:with-param name=\"n\" select=\"$n - 1\"/></xsl:call-template>"
                + "<xsl:call-template name=\"twice\"><xsl:with-param name=\"n\" select=\"$n - 1\"/></xsl:call-template>"
                + "</xsl:otherwise></xsl:choose>");
        assertEquals("The template's body renders more than 100000 characters.", assertThrows(
                TemplateRenderException.class, () -> renderer.compile("Hi", doubling).render("contact", Map.of()))
                .getMessage());
        assertEquals("The template's subject renders more than 800 characters.", assertThrows(
                TemplateRenderException.class, () -> renderer.compile("{!contact:firstname}", "Hi")
                        .render("contact", Map.of("firstname", "y".repeat(801)))).getMessage());
    }

    private static String stylesheet(String inside) {
        return "<?xml version=\"1.0\" ?><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\""
                + " version=\"1.0\"><xsl:output method=\"text\" indent=\"no\"/><xsl:template match=\"/data\">"
                + inside + "</xsl:template></xsl:stylesheet>";
    }
}
