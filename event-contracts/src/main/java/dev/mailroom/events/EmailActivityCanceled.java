package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An email was canceled (statecode 2, statuscode 5) with SetState (a PATCH of statecode/statuscode). Topic
 * {@link Topics#EMAIL_LIFECYCLE}, keyed by {@code activityId}.
 */
public record EmailActivityCanceled(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        String subject,
        String from,
        List<String> to,
        UUID regardingId,
        String regardingType) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.canceled";
}
