package dev.mailroom.templating;

/** A rendered template: a one-line subject and an HTML body whose inserted values are escaped. */
public record RenderedTemplate(String subject, String body) {
}
