package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An incoming message became a Received email (statuscode 4), by DeliverIncomingEmail, DeliverPromoteEmail or a
 * router's {@link IncomingEmailReceived}; published once per Message-ID. Topic {@link Topics#EMAIL_LIFECYCLE},
 * keyed by {@code activityId}.
 *
 * <p>{@code correlationMethod} is Dataverse's: 0 none, 3 In-Reply-To/References, 4 tracking token.
 */
public record EmailActivityReceived(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        UUID mailboxId,
        String messageId,
        String inReplyTo,
        UUID parentActivityId,
        int correlationMethod,
        String subject,
        String from,
        List<String> to,
        List<String> cc,
        UUID regardingId,
        String regardingType,
        Instant receivedOn) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.received";
}
