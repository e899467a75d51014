package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A router pulled a message from a POP3/IMAP mailbox. activity-service delivers it as DeliverIncomingEmail does
 * (a Received email, correlated to its conversation), once per Message-ID. The router derives {@code activityId}
 * deterministically from {@code mailboxId} and {@code messageId}, so a repeat of the same message names the same
 * email. Topic {@link Topics#EMAIL_INCOMING}, keyed by {@code activityId}.
 *
 * @param attachments the message's files in the order they appear, stored in attachment-service (added for issue 7;
 *     an event without the list reads as a message without files)
 * @param deliveryReport what the message reports when it is a delivery status notification (a bounce), else null
 */
public record IncomingEmailReceived(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        UUID mailboxId,
        String messageId,
        String inReplyTo,
        List<String> references,
        String from,
        List<String> to,
        List<String> cc,
        String subject,
        String htmlBody,
        Instant receivedOn,
        List<IncomingAttachment> attachments,
        DeliveryReport deliveryReport) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.incoming";

    /** Events published before attachments were carried read as having none. */
    public IncomingEmailReceived {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message that is not a delivery report. */
    public IncomingEmailReceived(UUID eventId, Instant occurredAt, UUID activityId, UUID mailboxId, String messageId,
            String inReplyTo, List<String> references, String from, List<String> to, List<String> cc, String subject,
            String htmlBody, Instant receivedOn, List<IncomingAttachment> attachments) {
        this(eventId, occurredAt, activityId, mailboxId, messageId, inReplyTo, references, from, to, cc, subject,
                htmlBody, receivedOn, attachments, null);
    }

    /** A message without files. */
    public IncomingEmailReceived(UUID eventId, Instant occurredAt, UUID activityId, UUID mailboxId, String messageId,
            String inReplyTo, List<String> references, String from, List<String> to, List<String> cc, String subject,
            String htmlBody, Instant receivedOn) {
        this(eventId, occurredAt, activityId, mailboxId, messageId, inReplyTo, references, from, to, cc, subject,
                htmlBody, receivedOn, List.of());
    }
}
