package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery status notification came back for an email sent earlier: the receiving side gave up on one of its
 * recipients after the router had handed the email over. One event per failed recipient the report names. A
 * {@code permanent} bounce (status 5.x.x) means the address will not take mail: bulk-mail-service stops sending bulk
 * email to it. Topic {@link Topics#EMAIL_LIFECYCLE}, keyed by {@code activityId}.
 *
 * @param activityId the email that bounced
 * @param reportActivityId the Received email that holds the report
 * @param emailFailed the bounce moved the email to Failed (statuscode 8): every recipient of it failed
 */
public record EmailBounced(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        UUID reportActivityId,
        String address,
        String status,
        String diagnosticCode,
        boolean permanent,
        boolean emailFailed,
        UUID regardingId,
        String regardingType) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.bounced";
}
