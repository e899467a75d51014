package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An outgoing email was issued for sending (statuscode 6 Pending Send) and is waiting for a router. It carries
 * everything the router needs, so routers never read activity-service's tables. Topic {@link Topics#EMAIL_PENDING},
 * keyed by {@code activityId}.
 */
public record EmailPending(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        String senderMailbox,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        String subject,
        String htmlBody,
        String trackingToken,
        List<EmailAttachment> attachments,
        String listUnsubscribe) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.pending";

    /**
     * Events published before attachments were carried read as having none. {@code listUnsubscribe}: the one-click
     * unsubscribe URL of a bulk email (RFC 8058), sent as its List-Unsubscribe header; null for other emails.
     */
    public EmailPending {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An email without an unsubscribe link (every email but a bulk job's). */
    public EmailPending(UUID eventId, Instant occurredAt, UUID activityId, String senderMailbox, String from,
            List<String> to, List<String> cc, List<String> bcc, String subject, String htmlBody,
            String trackingToken, List<EmailAttachment> attachments) {
        this(eventId, occurredAt, activityId, senderMailbox, from, to, cc, bcc, subject, htmlBody, trackingToken,
                attachments, null);
    }

    /** An email without attachments. */
    public EmailPending(UUID eventId, Instant occurredAt, UUID activityId, String senderMailbox, String from,
            List<String> to, List<String> cc, List<String> bcc, String subject, String htmlBody,
            String trackingToken) {
        this(eventId, occurredAt, activityId, senderMailbox, from, to, cc, bcc, subject, htmlBody, trackingToken,
                List.of(), null);
    }
}
