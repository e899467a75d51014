package dev.mailroom.templating;

/** A template that cannot be compiled or rendered; the message is written for the template's author. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
