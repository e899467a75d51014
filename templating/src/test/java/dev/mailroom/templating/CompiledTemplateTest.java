package dev.mailroom.templating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompiledTemplateTest {

    /**
     * The stored form of Microsoft's sample, as Dataverse exports it (one line; the newlines here sit between
     * elements, where XSLT drops them, never after a CDATA section, where they would be text).
     */
    private static final String DATAVERSE_SAMPLE = "<?xml version=\"1.0\" ?><xsl:stylesheet"
            + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\">\n"
            + "<xsl:output method=\"text\" indent=\"no\"/><xsl:template match=\"/data\"><![CDATA[Dear ]]>"
            + "<xsl:choose><xsl:when test=\"contact/lastname\"><xsl:value-of select=\"contact/lastname\" />"
            + "</xsl:when>\n<xsl:otherwise>Valued Customer</xsl:otherwise></xsl:choose><![CDATA[, from ]]>"
            + "<xsl:value-of select=\"systemuser/firstname\" /></xsl:template></xsl:stylesheet>";

    private static final DataRecord SENDER = DataRecord.of("systemuser").set("firstname", "Sam").build();

    @Test
    void shouldRenderDataverseStylesheetAgainstTargetAndSender() {
        RenderedTemplate out = CompiledTemplate.compile(DATAVERSE_SAMPLE, DATAVERSE_SAMPLE)
                .render(RenderData.of(DataRecord.of("contact").set("lastname", "Lee").build(), SENDER));
        assertEquals("Dear Lee, from Sam", out.subject());
        assertEquals("Dear Lee, from Sam", out.body());
    }

    @Test
    void shouldUseTheDefaultForMissingNullAndEmptyValues() {
        CompiledTemplate template = CompiledTemplate.compile(DATAVERSE_SAMPLE, null);
        assertEquals("Dear Valued Customer, from Sam", template.render(RenderData.of(SENDER)).subject());
        assertEquals("Dear Valued Customer, from Sam", template.render(RenderData.of(
                DataRecord.of("contact").set("lastname", null).set("firstname", "").build(), SENDER)).subject());
        assertEquals("", template.render(RenderData.of(SENDER)).body());
    }

    @Test
    void shouldEscapeValuesInTheBodyButNotTheTemplatesOwnHtml() {
        String body = TemplateForm.toXslt("<p title=\"{!contact:lastname}\">Dear <b>{!contact:lastname}</b></p>");
        String hostile = "\"><script>alert('x')</script>&amp;";
        RenderedTemplate out = CompiledTemplate.compile(TemplateForm.toXslt("Re: {!contact:lastname}"), body)
                .render(RenderData.of(DataRecord.of("contact").set("lastname", hostile).build()));
        String escaped = "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;";
        assertEquals("<p title=\"" + escaped + "\">Dear <b>" + escaped + "</b></p>", out.body());
        assertEquals("Re: " + hostile, out.subject());
    }

    @Test
    void shouldEscapeValuesHoweverTheStylesheetReachesThem() {
        String copyAll = stylesheet("<xsl:copy-of select=\"contact\"/>|<xsl:apply-templates select=\"contact\"/>"
                + "|<xsl:value-of select=\"contact/parentcustomerid/@name\"/>");
        RenderedTemplate out = CompiledTemplate.compile(null, copyAll).render(RenderData.of(DataRecord.of("contact")
                .set("lastname", "<i>").setLookup("parentcustomerid", java.util.UUID.randomUUID(), "<b>").build()));
        assertFalse(out.body().contains("<i>") || out.body().contains("<b>"), out.body());
        assertTrue(out.body().endsWith("|&lt;b&gt;"), out.body());
    }

    @Test
    void shouldKeepTheSubjectOnOneLineWhateverValueOrTemplateSays() {
        String subject = TemplateForm.toXslt("Hello {!contact:lastname}\r\nX-Injected: 1");
        String value = "Lee\r\nBcc: victim@example.com\n\u0085\u2028\u2029\tCc: a@b.c\u0000";
        String rendered = CompiledTemplate.compile(subject, null)
                .render(RenderData.of(DataRecord.of("contact").set("lastname", value).build())).subject();
        assertFalse(rendered.matches("(?s).*[\\r\\n\\u0085\\u2028\\u2029\\t\\u0000].*"), rendered);
        assertEquals("Hello Lee Bcc: victim@example.com Cc: a@b.c\uFFFD X-Injected: 1", rendered);
    }

    @Test
    void shouldRefuseMalformedStylesheetsWithTheirLocation() {
        TemplateSyntaxException notXml = assertThrows(TemplateSyntaxException.class,
                () -> CompiledTemplate.compile(null, stylesheet("<xsl:value-of select=\"contact/x\">")));
        assertTrue(notXml.getMessage().startsWith("The template's body is not a valid XSLT stylesheet: "),
                notXml.getMessage());
        TemplateSyntaxException badXpath = assertThrows(TemplateSyntaxException.class,
                () -> CompiledTemplate.compile(stylesheet("<xsl:value-of select=\"contact/[\"/>"), null));
        assertTrue(badXpath.getMessage().startsWith("The template's subject is not a valid XSLT stylesheet: "),
                badXpath.getMessage());
        assertThrows(TemplateSyntaxException.class, () -> CompiledTemplate.compile("not xml at all", null));
    }

    @Test
    void shouldRefuseEntitiesAndExternalDocuments(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET");
        Path included = Files.writeString(dir.resolve("inc.xsl"), stylesheet("TOPSECRET"));
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + stylesheet("&s;").substring("<?xml version=\"1.0\" ?>".length());
        assertThrows(TemplateSyntaxException.class, () -> CompiledTemplate.compile(entity, null));
        String include = stylesheet("x").replace("<xsl:output", "<xsl:include href=\"" + included.toUri()
                + "\"/><xsl:output");
        assertThrows(TemplateSyntaxException.class, () -> CompiledTemplate.compile(include, null));
        String document = stylesheet("<xsl:value-of select=\"document('" + secret.toUri() + "')\"/>");
        TemplateException read = assertThrows(TemplateException.class,
                () -> CompiledTemplate.compile(null, document).render(RenderData.of()));
        assertFalse(read.getMessage().contains("TOPSECRET"));
    }

    @Test
    void shouldRefuseExtensionFunctions() {
        String java = "<?xml version=\"1.0\" ?><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\""
                + " xmlns:rt=\"http://xml.apache.org/xalan/java/java.lang.Runtime\" version=\"1.0\">"
                + "<xsl:template match=\"/data\"><xsl:value-of select=\"rt:getRuntime()\"/></xsl:template>"
                + "</xsl:stylesheet>";
        assertThrows(TemplateException.class, () -> CompiledTemplate.compile(null, java).render(RenderData.of()));
    }

    @Test
    void shouldStopRunawayTemplates() {
        String recursion = stylesheet("<xsl:call-template name=\"loop\"/></xsl:template>"
                + "<xsl:template name=\"loop\"><xsl:call-template name=\"loop\"/>");
        assertEquals("The template's body recurses too deeply to render.", assertThrows(
                TemplateRenderException.class, () -> CompiledTemplate.compile(null, recursion)
                        .render(RenderData.of())).getMessage());
        String doubling = stylesheet("<xsl:call-template name=\"twice\"><xsl:with-param name=\"n\" select=\"40\"/>"
                + "</xsl:call-template></xsl:template><xsl:template name=\"twice\"><xsl:param name=\"n\"/>"
                + "<xsl:choose><xsl:when test=\"$n = 0\">xxxxxxxxxxxxxxxx</xsl:when><xsl:otherwise>"
                + "<xsl:call-template name=\"twice\"><xsl:with-param name=\"n\" select=\"$n - 1\"/></xsl:call-template>"
                + "<xsl:call-template name=\"twice\"><xsl:with-param name=\"n\" select=\"$n - 1\"/></xsl:call-template>"
                + "</xsl:otherwise></xsl:choose>");
        CompiledTemplate bounded = CompiledTemplate.compile(0, null, doubling, new RenderLimits(100, 10_000));
        assertEquals("The template's body renders more than 10000 characters.",
                assertThrows(TemplateRenderException.class, () -> bounded.render(RenderData.of())).getMessage());
        String terminate = stylesheet("<xsl:message terminate=\"yes\">stop here</xsl:message>");
        TemplateRenderException stopped = assertThrows(TemplateRenderException.class,
                () -> CompiledTemplate.compile(terminate, null).render(RenderData.of()));
        assertTrue(stopped.getMessage().startsWith("The template's subject failed to render: "), stopped.getMessage());
    }

    @Test
    void shouldRenderEachRecipientAloneWhenTransformersAreReusedAcrossThreads() throws Exception {
        CompiledTemplate template = CompiledTemplate.compile(TemplateForm.toXslt("Hi {!contact:firstname;you}"),
                TemplateForm.toXslt("<p>{!contact:firstname;Valued Customer}</p>"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> bodies = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                // Every third recipient has no first name: a value must never carry over from an earlier render.
                DataRecord contact = i % 3 == 0 ? DataRecord.of("contact").build()
                        : DataRecord.of("contact").set("firstname", "R" + i).build();
                bodies.add(pool.submit(() -> template.render(RenderData.of(contact)).body()));
            }
            for (int i = 0; i < 400; i++) {
                assertEquals(i % 3 == 0 ? "<p>Valued Customer</p>" : "<p>R" + i + "</p>", bodies.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRenderCorrectlyAfterARenderThatFailed() {
        String choice = stylesheet("<xsl:choose><xsl:when test=\"contact/lastname = 'stop'\"><xsl:message "
                + "terminate=\"yes\">stop</xsl:message></xsl:when><xsl:otherwise><xsl:value-of "
                + "select=\"contact/lastname\"/></xsl:otherwise></xsl:choose>");
        CompiledTemplate template = CompiledTemplate.compile(0, null, choice, new RenderLimits(100, 20));
        assertEquals("Lee", template.render(RenderData.of(DataRecord.of("contact").set("lastname", "Lee").build()))
                .body());
        assertThrows(TemplateRenderException.class, () -> template.render(RenderData.of(DataRecord.of("contact")
                .set("lastname", "stop").build())));
        assertThrows(TemplateRenderException.class, () -> template.render(RenderData.of(DataRecord.of("contact")
                .set("lastname", "x".repeat(21)).build())));
        assertEquals("Kim", template.render(RenderData.of(DataRecord.of("contact").set("lastname", "Kim").build()))
                .body());
    }

    @Test
    void shouldRenderStylesheetsWithAnotherOutputMethodThroughTheirSerializer() {
        String html = "<?xml version=\"1.0\" ?><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\""
                + " version=\"1.0\"><xsl:output method=\"xml\" omit-xml-declaration=\"yes\"/>"
                + "<xsl:template match=\"/data\"><b><xsl:value-of select=\"contact/lastname\"/></b></xsl:template>"
                + "</xsl:stylesheet>";
        assertEquals("<b>Lee &amp;amp; Co</b>", CompiledTemplate.compile(null, html)
                .render(RenderData.of(DataRecord.of("contact").set("lastname", "Lee & Co").build())).body());
    }

    private static String stylesheet(String inside) {
        return "<?xml version=\"1.0\" ?><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\""
                + " version=\"1.0\"><xsl:output method=\"text\" indent=\"no\"/><xsl:template match=\"/data\">"
                + inside + "</xsl:template></xsl:stylesheet>";
    }
}
