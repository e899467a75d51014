package dev.mailroom.templating;

/** A compiled template that failed to render (xsl:message terminate, output over its limit, runaway recursion). */
public class TemplateRenderException extends TemplateException {

    public TemplateRenderException(String message) {
        super(message);
    }

    public TemplateRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
