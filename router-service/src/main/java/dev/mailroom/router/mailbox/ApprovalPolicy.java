package dev.mailroom.router.mailbox;

import java.util.Map;
import java.util.Optional;

/**
 * Dataverse's mailbox approval: when {@code organization.requireapprovalforuseremail} (or ...queueemail) is true,
 * mail goes from a user (or queue) only if its address is approved, {@code emailrouteraccessapproval} 1. The
 * owner's approval and the mailbox's are both accepted: Dataverse keeps them in step (approving a mailbox approves
 * its owner's address), and whichever activity-service was told last must not block the other.
 */
public final class ApprovalPolicy {

    public static final int APPROVED = 1;
    private static final Map<Integer, String> NAMES = Map.of(0, "Empty", 1, "Approved", 2, "Pending Approval",
            3, "Rejected");

    private ApprovalPolicy() {
    }

    /** Why the sender may not send, or empty when it may. */
    public static Optional<String> blockReason(SenderSettings sender) {
        String ownerType = sender.ownerType();
        boolean required = "systemuser".equals(ownerType) && sender.requireUserApproval()
                || "queue".equals(ownerType) && sender.requireQueueApproval();
        if (!required) {
            return Optional.empty();
        }
        boolean approved = Integer.valueOf(APPROVED).equals(sender.ownerApproval())
                || Integer.valueOf(APPROVED).equals(sender.mailboxApproval());
        if (approved) {
            return Optional.empty();
        }
        Integer state = sender.ownerApproval() != null ? sender.ownerApproval() : sender.mailboxApproval();
        String who = "systemuser".equals(ownerType) ? "user" : "queue";
        return Optional.of("The email was not sent: the mailbox " + sender.address() + " is not approved for email "
                + "(emailrouteraccessapproval is " + NAMES.getOrDefault(state == null ? 0 : state, "Empty")
                + ") and the organization requires approval for " + who + " email. Approve the " + who
                + "'s email address, then send the email again.");
    }
}
