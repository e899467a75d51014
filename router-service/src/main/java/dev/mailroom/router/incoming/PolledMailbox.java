package dev.mailroom.router.incoming;

import java.util.UUID;

import dev.mailroom.router.mailbox.SenderSettings;

/**
 * A mailbox this router holds the polling lease of, with its checkpoint and its settings (for approval).
 *
 * @param uidValidity the IMAP folder's UIDVALIDITY the checkpoint belongs to, null before the first poll
 * @param lastUid the last IMAP UID published (0 before the first)
 */
public record PolledMailbox(UUID mailboxId, SenderSettings settings, String location, Integer port, boolean usesSsl,
        String username, String passwordSealed, Long uidValidity, long lastUid) {
}
