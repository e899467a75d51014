package dev.mailroom.router.mailbox;

import java.util.UUID;

/**
 * What the projections know about one sender address: its mailbox (if any), its owner's approval, the organization's
 * approval settings and the mailbox's outgoing server profile. Absent parts are null.
 */
public record SenderSettings(String address, UUID mailboxId, Integer mailboxApproval, String ownerType,
        Integer ownerApproval, boolean requireUserApproval, boolean requireQueueApproval, OutgoingProfile profile) {

    /** The outgoing half of an email server profile; the password is still sealed. */
    public record OutgoingProfile(UUID profileId, String server, Integer port, boolean usesSsl, String username,
            String passwordSealed) {
    }

    /** An address the projections know nothing about: no approval applies, the default relay sends. */
    public static SenderSettings unknown(String address) {
        return new SenderSettings(address, null, null, null, null, false, false, null);
    }
}
