package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message a router found in a server-side mailbox (POP3 or IMAP). {@code activityId} is derived from
 * {@code mailboxId} and {@code messageId}, so the same message seen twice names the same email. Topic
 * {@link Topics#EMAIL_INCOMING}, keyed by {@code activityId}.
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
