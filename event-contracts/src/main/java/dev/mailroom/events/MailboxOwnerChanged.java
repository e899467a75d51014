package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user or queue's email address or approval changed (or it was deleted). Topic {@link Topics#MAILBOX_SETTINGS},
 * keyed {@code <ownerType>/<ownerId>}.
 *
 * @param ownerType {@code systemuser} or {@code queue}
 * @param approval {@code emailrouteraccessapproval}: 0 Empty, 1 Approved, 2 Pending Approval, 3 Rejected
 */
public record MailboxOwnerChanged(
        UUID eventId,
        Instant occurredAt,
        UUID ownerId,
        String ownerType,
        boolean deleted,
        String emailAddress,
        int approval) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.mailbox-owner.changed";
}
