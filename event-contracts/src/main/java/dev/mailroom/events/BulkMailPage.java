package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of a bulk job's recipients, read with keyset paging and handed to whichever bulk-mail-service instance
 * takes it, so several instances share one job. Topic {@link Topics#BULK_MAIL_PAGES}, keyed by
 * {@code asyncOperationId + "/" + pageNumber} so the pages of one job spread over every partition.
 *
 * @param pageNumber 1 for the first page
 */
public record BulkMailPage(
        UUID eventId,
        Instant occurredAt,
        UUID asyncOperationId,
        int pageNumber,
        List<Recipient> recipients) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.bulk-mail.page";

    /**
     * A recipient as read from the query API.
     *
     * @param fields the record's columns (names as in the Web API) that the template may insert
     */
    public record Recipient(
            UUID id,
            String type,
            String emailAddress,
            boolean doNotEmail,
            boolean doNotBulkEmail,
            List<Field> fields) {
    }

    /** One column of a recipient's record: its Web API name and its value as text. */
    public record Field(String name, String value) {
    }
}
