package dev.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * SendBulkMail was called: one email per recipient of {@code query} is to be rendered from the template and sent.
 * The template's subject and body are copied in, so editing the template later does not change a running job.
 * Topic {@link Topics#BULK_MAIL_REQUESTED}, keyed by {@code asyncOperationId}.
 *
 * @param entitySet where the recipients are read: contacts, accounts or leads
 * @param filter an OData {@code $filter} over that set, or null for all its rows
 * @param attachments the template's files, by reference, copied at request time: every email of the job carries
 *     them to the router (activity-service keeps the files alive for the job and gives its email rows the same)
 */
public record BulkMailRequested(
        UUID eventId,
        Instant occurredAt,
        UUID asyncOperationId,
        UUID senderId,
        String senderType,
        String senderAddress,
        UUID templateId,
        String templateSubject,
        String templateBody,
        String regardingType,
        UUID regardingId,
        String entitySet,
        String filter,
        List<EmailAttachment> attachments) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.bulk-mail.requested";

    /** Requests published before templates' files were carried read as having none. */
    public BulkMailRequested {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A request whose template has no files. */
    public BulkMailRequested(UUID eventId, Instant occurredAt, UUID asyncOperationId, UUID senderId,
            String senderType, String senderAddress, UUID templateId, String templateSubject, String templateBody,
            String regardingType, UUID regardingId, String entitySet, String filter) {
        this(eventId, occurredAt, asyncOperationId, senderId, senderType, senderAddress, templateId, templateSubject,
                templateBody, regardingType, regardingId, entitySet, filter, List.of());
    }
}
