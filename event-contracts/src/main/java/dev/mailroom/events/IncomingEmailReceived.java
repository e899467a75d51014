package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A router pulled a message from a POP3/IMAP mailbox. activity-service delivers it as DeliverIncomingEmail does
 * (a Received email, correlated to its conversation), once per Message-ID. The router derives {@code activityId}
 * deterministically from {@code mailboxId} and {@code messageId}, so a repeat of the same message names the same
 * email. Topic {@link Topics#EMAIL_INCOMING}, keyed by {@code activityId}.
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
        Instant receivedOn) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.incoming";
}
