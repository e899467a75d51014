package dev.mailroom.templating;

/** A malformed template: XSLT that does not compile, or placeholder text that does not parse. */
public class TemplateSyntaxException extends TemplateException {

    public TemplateSyntaxException(String message) {
        super(message);
    }

    public TemplateSyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
