package dev.mailroom.bulkmail.rendering;

/** A template rendered for one recipient: a one-line subject and an HTML body. */
public record RenderedMessage(String subject, String htmlBody) {
}
