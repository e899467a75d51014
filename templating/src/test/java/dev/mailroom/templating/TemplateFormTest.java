package dev.mailroom.templating;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TemplateFormTest {

    @Test
    void shouldRecogniseStylesheetsWithOrWithoutDeclarationAndComments() {
        String ns = "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"";
        assertEquals(TemplateForm.XSLT, TemplateForm.of("<?xml version=\"1.0\" ?><xsl:stylesheet " + ns + "/>"));
        assertEquals(TemplateForm.XSLT, TemplateForm.of("\n  <!-- exported --><xsl:transform " + ns + "/>"));
        assertEquals(TemplateForm.XSLT, TemplateForm.of("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"v\">]>"
                + "<xsl:stylesheet " + ns + "/>"));
        assertEquals(TemplateForm.XSLT, TemplateForm.of("<x:stylesheet xmlns:x=\"http://www.w3.org/1999/XSL/Transform\""
                + " version=\"1.0\"/>"));
    }

    @Test
    void shouldTreatEverythingElseAsPlaceholderText() {
        assertEquals(TemplateForm.PLACEHOLDER, TemplateForm.of("Dear {!contact:firstname}"));
        assertEquals(TemplateForm.PLACEHOLDER, TemplateForm.of("<?xml version=\"1.0\"?><html><body>Hi</body></html>"));
        assertEquals(TemplateForm.PLACEHOLDER, TemplateForm.of("<stylesheet>not XSLT</stylesheet>"));
        assertEquals(TemplateForm.PLACEHOLDER, TemplateForm.of(""));
        assertEquals(TemplateForm.PLACEHOLDER, TemplateForm.of(null));
    }

    @Test
    void shouldPassXsltThroughAndCompilePlaceholders() {
        String xslt = PlaceholderTemplate.parse("Hi {!contact:firstname}").toXslt();
        assertEquals(xslt, TemplateForm.toXslt(xslt));
        assertEquals(xslt, TemplateForm.toXslt("Hi {!contact:firstname}"));
    }
}
