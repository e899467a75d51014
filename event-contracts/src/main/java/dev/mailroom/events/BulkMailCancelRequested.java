package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A client set a bulk job's asyncoperation to statuscode 22 Canceling: no further page is fanned out and the job
 * ends Canceled (32). Topic {@link Topics#BULK_MAIL_REQUESTED} (behind its request: same key, same order), keyed by
 * {@code asyncOperationId}.
 */
public record BulkMailCancelRequested(
        UUID eventId,
        Instant occurredAt,
        UUID asyncOperationId) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.bulk-mail.cancel-requested";
}
