package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A router moved an email along its delivery path: statuscode 7 Sending, 3 Sent or 8 Failed (Dataverse values).
 * Topic {@link Topics#EMAIL_STATUS}, keyed by {@code activityId}.
 */
public record EmailStatusChanged(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        int statuscode,
        String messageId,
        int deliveryAttempts,
        String failureReason) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.status-changed";
}
