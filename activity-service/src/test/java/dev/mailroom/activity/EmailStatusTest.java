package dev.mailroom.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class EmailStatusTest {

    @Test
    void shouldPairEveryStatusWithItsDataverseState() {
        assertEquals(0, EmailStatus.DRAFT.state().statecode());
        assertEquals(0, EmailStatus.FAILED.state().statecode());
        for (EmailStatus status : List.of(EmailStatus.COMPLETED, EmailStatus.SENT, EmailStatus.RECEIVED,
                EmailStatus.PENDING_SEND, EmailStatus.SENDING)) {
            assertEquals(1, status.state().statecode(), status.name());
        }
        assertEquals(2, EmailStatus.CANCELED.state().statecode());
    }

    @Test
    void shouldOnlyMoveForwardAlongTheDeliveryPath() {
        assertTrue(EmailStatus.DRAFT.isOvertakenBy(EmailStatus.PENDING_SEND));
        assertTrue(EmailStatus.PENDING_SEND.isOvertakenBy(EmailStatus.SENDING));
        assertTrue(EmailStatus.SENDING.isOvertakenBy(EmailStatus.SENT));
        assertTrue(EmailStatus.PENDING_SEND.isOvertakenBy(EmailStatus.FAILED));
        assertFalse(EmailStatus.SENT.isOvertakenBy(EmailStatus.SENDING));
        assertFalse(EmailStatus.SENT.isOvertakenBy(EmailStatus.FAILED));
        assertFalse(EmailStatus.SENT.isOvertakenBy(EmailStatus.SENT));
    }

    @Test
    void shouldFindStatusByStatuscode() {
        assertEquals(EmailStatus.PENDING_SEND, EmailStatus.fromStatuscode(6).orElseThrow());
        assertTrue(EmailStatus.fromStatuscode(99).isEmpty());
    }
}
