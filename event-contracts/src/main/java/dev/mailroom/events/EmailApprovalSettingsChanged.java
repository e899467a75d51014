package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The organization's approval settings: when one is true, mail goes from or to a user (or queue) only if its
 * address is approved. Topic {@link Topics#MAILBOX_SETTINGS}, keyed {@code organization/<organizationId>}.
 */
public record EmailApprovalSettingsChanged(
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        boolean requireApprovalForUserEmail,
        boolean requireApprovalForQueueEmail) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.organization.email-approval-changed";
}
