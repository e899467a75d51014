package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An email server profile was created, changed or deleted. Passwords never travel in clear: they are sealed
 * (AES-256-GCM, {@code v1:<base64 nonce+ciphertext>}) with the key both activity-service and router-service read
 * from {@code mailroom.credentials.key}. Topic {@link Topics#MAILBOX_SETTINGS}, keyed
 * {@code emailserverprofile/<profileId>}.
 *
 * @param incomingServer {@code incomingserverlocation}: a host, or {@code imap://}, {@code imaps://},
 *        {@code pop3://}, {@code pop3s://} plus a host
 * @param outgoingServer {@code outgoingserverlocation}: a host, or {@code smtp://}/{@code smtps://} plus a host
 */
public record EmailServerProfileChanged(
        UUID eventId,
        Instant occurredAt,
        UUID profileId,
        boolean deleted,
        String incomingServer,
        Integer incomingPort,
        boolean incomingUsesSsl,
        String incomingUsername,
        String incomingPasswordSealed,
        String outgoingServer,
        Integer outgoingPort,
        boolean outgoingUsesSsl,
        String outgoingUsername,
        String outgoingPasswordSealed) implements MailroomEvent {

    public static final String TYPE = "dev.mailroom.email-server-profile.changed";
}
