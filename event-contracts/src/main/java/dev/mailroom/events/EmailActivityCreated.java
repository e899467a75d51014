package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An email activity was created through the Web API (a Draft, statuscode 1). Topic {@link Topics#EMAIL_LIFECYCLE},
 * keyed by {@code activityId}.
 */
public record EmailActivityCreated(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        boolean outgoing,
        int statuscode,
        String subject,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        UUID regardingId,
        String regardingType,
        Instant createdOn) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.created";
}
