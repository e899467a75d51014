package dev.mailroom.templating;

import java.util.regex.Pattern;

/** The two ways a template's subject or body can be written, and how to tell them apart. */
public enum TemplateForm {
    /** Dataverse's stored format: an XSLT 1.0 stylesheet run against the {@code <data>} document. */
    XSLT,
    /** Mailroom's readable form: text with {@code {!entity:attribute;default}} placeholders. */
    PLACEHOLDER;

    // An XML declaration, comments, processing instructions and a DOCTYPE may come first; then the root element
    // must be xsl:stylesheet or xsl:transform (any prefix), and the XSLT namespace must be declared. Anything else
    // is placeholder text, so an HTML body (even XHTML with an XML declaration) is never mistaken for a stylesheet,
    // and a stylesheet with a DOCTYPE is recognised as one, then refused by the compiler.
    private static final Pattern XSLT_START = Pattern.compile("^\\uFEFF?\\s*(?:<\\?.*?\\?>\\s*|<!--.*?-->\\s*"
            + "|<!DOCTYPE(?:[^\\[>]|\\[.*?\\])*>\\s*)*<([A-Za-z_][\\w.-]*:)?(stylesheet|transform)[\\s>/]",
            Pattern.DOTALL);
    private static final String XSLT_NAMESPACE = "http://www.w3.org/1999/XSL/Transform";

    /** The form of a subject or body text: XSLT when it is an XSLT stylesheet document, placeholder text otherwise. */
    public static TemplateForm of(String text) {
        if (text != null && text.contains(XSLT_NAMESPACE) && XSLT_START.matcher(text).lookingAt()) {
            return XSLT;
        }
        return PLACEHOLDER;
    }

    /** The stored (XSLT) form of a text in either form; placeholder text is compiled, XSLT is returned as it is. */
    public static String toXslt(String text) {
        return of(text) == XSLT ? text : PlaceholderTemplate.parse(text).toXslt();
    }
}
