package dev.mailroom.activity.attachments;

import java.util.UUID;

import dev.mailroom.events.EmailAttachment;

/**
 * One file of a template, as the emails made from it get it: the shared {@code attachment} it points at and what
 * the template's row says about it (subject, name and type may differ from the first upload's).
 */
public record TemplateFile(UUID attachmentId, String subject, String filename, String mimeType, String contentId,
        String sha256, int size) {

    /** The file as an EmailPending event carries it to the router. */
    public EmailAttachment toEmailAttachment() {
        return new EmailAttachment(sha256, filename == null ? "attachment" : filename,
                mimeType == null ? "application/octet-stream" : mimeType, size);
    }
}
