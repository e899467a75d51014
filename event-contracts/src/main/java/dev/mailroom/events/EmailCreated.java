package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An email was created outside activity-service (one recipient of a bulk job), already issued for sending
 * (statuscode 6 Pending Send): activity-service records it as an ordinary email row with its sender and recipient
 * parties and its regarding record. Its {@link EmailPending} travels separately to the routers, so the two may
 * arrive in any order. Topic {@link Topics#EMAIL_CREATED}, keyed by {@code activityId}.
 *
 * @param asyncOperationId the bulk job (asyncoperation) that created it, or null
 * @param senderType logical name of the sender's table (systemuser, queue), or null for an address only
 * @param recipientType logical name of the recipient's table (contact, account, lead)
 */
public record EmailCreated(
        UUID eventId,
        Instant occurredAt,
        UUID activityId,
        UUID asyncOperationId,
        String subject,
        String htmlBody,
        String from,
        UUID senderId,
        String senderType,
        String to,
        UUID recipientId,
        String recipientType,
        UUID regardingObjectId,
        String regardingObjectTypeCode) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email.created";
}
