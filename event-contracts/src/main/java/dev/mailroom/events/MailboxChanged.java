package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A mailbox was created, changed or deleted (then {@code deleted} is true and the rest describes it as it was).
 * Routers keep a projection of it: who may send from the address, through which server profile. Topic
 * {@link Topics#MAILBOX_SETTINGS}, keyed {@code mailbox/<mailboxId>}.
 *
 * @param incomingDeliveryMethod Dataverse {@code incomingemaildeliverymethod}: 0 None, 2 server-side, ...
 * @param outgoingDeliveryMethod Dataverse {@code outgoingemaildeliverymethod}: 0 None, 2 server-side, ...
 * @param approval {@code emailrouteraccessapproval}: 0 Empty, 1 Approved, 2 Pending Approval, 3 Rejected
 * @param ownerType {@code systemuser} or {@code queue} (the mailbox's regarding record), or null
 */
public record MailboxChanged(
        UUID eventId,
        Instant occurredAt,
        UUID mailboxId,
        boolean deleted,
        String emailAddress,
        int incomingDeliveryMethod,
        int outgoingDeliveryMethod,
        int approval,
        UUID ownerId,
        String ownerType,
        UUID serverProfileId) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.mailbox.changed";
}
