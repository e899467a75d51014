package dev.mailroom.router.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {

    private static SenderSettings sender(String ownerType, Integer ownerApproval, Integer mailboxApproval,
            boolean users, boolean queues) {
        return new SenderSettings("a@mailroom.test", UUID.randomUUID(), mailboxApproval, ownerType, ownerApproval,
                users, queues, null);
    }

    @Test
    void shouldLetEveryoneSendWhenTheOrganizationRequiresNoApproval() {
        assertEquals(Optional.empty(), ApprovalPolicy.blockReason(sender("systemuser", 3, 3, false, false)));
        assertEquals(Optional.empty(), ApprovalPolicy.blockReason(sender("queue", 0, 0, true, false)));
        assertEquals(Optional.empty(), ApprovalPolicy.blockReason(SenderSettings.unknown("x@mailroom.test")));
    }

    @Test
    void shouldBlockAnUnapprovedUserWhenUserEmailNeedsApproval() {
        Optional<String> reason = ApprovalPolicy.blockReason(sender("systemuser", 2, 0, true, false));
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("a@mailroom.test is not approved"), reason.get());
        assertTrue(reason.get().contains("Pending Approval"), reason.get());
        assertTrue(reason.get().contains("requires approval for user email"), reason.get());
    }

    @Test
    void shouldBlockAnUnapprovedQueueOnlyWhenQueueEmailNeedsApproval() {
        assertTrue(ApprovalPolicy.blockReason(sender("queue", 3, null, false, true)).get().contains("Rejected"));
        assertEquals(Optional.empty(), ApprovalPolicy.blockReason(sender("queue", 3, null, true, false)));
    }

    @Test
    void shouldAcceptTheApprovalOfTheOwnerOrOfTheMailbox() {
        assertEquals(Optional.empty(), ApprovalPolicy.blockReason(sender("systemuser", 1, 0, true, true)));
        assertEquals(Optional.empty(), ApprovalPolicy.blockReason(sender("systemuser", null, 1, true, true)));
    }
}
