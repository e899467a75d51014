package dev.mailroom.router.mail;

import java.util.List;

import dev.mailroom.events.EmailAttachment;

/** One message as handed to SMTP; its attachments by reference, streamed in when the message is written. */
public record OutgoingEmail(String messageId, String from, List<String> to, List<String> cc, List<String> bcc,
        String subject, String htmlBody, String activityId, String trackingToken, List<EmailAttachment> attachments,
        String listUnsubscribe) {

    public OutgoingEmail {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message without a one-click unsubscribe link (every email but a bulk job's). */
    public OutgoingEmail(String messageId, String from, List<String> to, List<String> cc, List<String> bcc,
            String subject, String htmlBody, String activityId, String trackingToken,
            List<EmailAttachment> attachments) {
        this(messageId, from, to, cc, bcc, subject, htmlBody, activityId, trackingToken, attachments, null);
    }

    /** A message without attachments. */
    public OutgoingEmail(String messageId, String from, List<String> to, List<String> cc, List<String> bcc,
            String subject, String htmlBody, String activityId, String trackingToken) {
        this(messageId, from, to, cc, bcc, subject, htmlBody, activityId, trackingToken, List.of(), null);
    }
}
