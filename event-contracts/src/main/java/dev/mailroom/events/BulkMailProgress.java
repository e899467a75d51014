package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a bulk job stands, with running counts. {@code sequence} grows with every report of one job, so a consumer
 * applies a report only when it is newer than the last one it applied. Topic {@link Topics#BULK_MAIL_PROGRESS},
 * keyed by {@code asyncOperationId}.
 *
 * @param statuscode asyncoperation statuscode: 20 In Progress, 30 Succeeded, 31 Failed, 32 Canceled
 * @param total recipients the query returned so far (all of them once paging has finished)
 * @param created emails created
 * @param skipped recipients skipped: donotemail, donotbulkemail, no usable address, or a repeated address
 * @param message a sentence for people (asyncoperation.friendlymessage), or null
 */
public record BulkMailProgress(
        UUID eventId,
        Instant occurredAt,
        UUID asyncOperationId,
        long sequence,
        int statuscode,
        int total,
        int created,
        int skipped,
        String message) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.bulk-mail.progress";
}
