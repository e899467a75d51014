package dev.mailroom.templating;

/** Writes stylesheets in the shape Dataverse stores them: one template matching /data, static text in CDATA. */
final class XsltDocuments {

    static final String HEAD = "<?xml version=\"1.0\" ?><xsl:stylesheet"
            + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\">"
            + "<xsl:output method=\"text\" indent=\"no\"/><xsl:template match=\"/data\">";
    static final String TAIL = "</xsl:template></xsl:stylesheet>";

    private XsltDocuments() {
    }

    /**
     * Static text. Dataverse writes bare CDATA; we wrap it in xsl:text because XSLT strips text nodes that are
     * only whitespace, which would eat the space between two placeholders.
     */
    static void appendText(StringBuilder xsl, String text) {
        if (!text.isEmpty()) {
            xsl.append("<xsl:text>").append(cdata(text)).append("</xsl:text>");
        }
    }

    /** A value-of, or Dataverse's choose/when/otherwise pattern when the placeholder has a default. */
    static void appendPlaceholder(StringBuilder xsl, String path, String defaultText) {
        if (defaultText.isEmpty()) {
            xsl.append("<xsl:value-of select=\"").append(path).append("\" />");
            return;
        }
        xsl.append("<xsl:choose><xsl:when test=\"").append(path).append("\"><xsl:value-of select=\"")
                .append(path).append("\" /></xsl:when><xsl:otherwise>");
        appendText(xsl, defaultText);
        xsl.append("</xsl:otherwise></xsl:choose>");
    }

    /** CDATA cannot contain "]]>", so that sequence is split over two sections. */
    static String cdata(String text) {
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    /** Whether XML 1.0 allows the character (surrogates pass: they come in pairs from a Java string). */
    static boolean isXmlCharacter(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFFFD);
    }
}
