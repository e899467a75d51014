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
        List<EmailAttachment> attachments) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.pending";

    /** Events published before attachments were carried read as having none. */
    public EmailPending {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An email without attachments. */
    public EmailPending(UUID eventId, Instant occurredAt, UUID activityId, String senderMailbox, String from,
            List<String> to, List<String> cc, List<String> bcc, String subject, String htmlBody,
            String trackingToken) {
        this(eventId, occurredAt, activityId, senderMailbox, from, to, cc, bcc, subject, htmlBody, trackingToken,
                List.of());
    }
}
