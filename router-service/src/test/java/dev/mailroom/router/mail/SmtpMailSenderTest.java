package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.EOFException;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpMailSenderTest {

    @Test
    void shouldTrustTheReplyCodeWhereThereIsOne() {
        assertInstanceOf(SendResult.Refused.class, SmtpMailSender.classify(refusal(554), true));
        assertInstanceOf(SendResult.Transient.class, SmtpMailSender.classify(refusal(451), true));
    }

    @Test
    void shouldCallALostReplyAfterTheDotUnknown() {
        MessagingException lost = new MessagingException("Exception reading response", new EOFException());
        assertInstanceOf(SendResult.Unknown.class, SmtpMailSender.classify(lost, true));
        assertInstanceOf(SendResult.Unknown.class, SmtpMailSender.classify(refusal(-1), true));
    }

    @Test
    void shouldRetryAFailureBeforeTheDot() {
        MessagingException lost = new MessagingException("Exception reading response", new EOFException());
        assertInstanceOf(SendResult.Transient.class, SmtpMailSender.classify(lost, false));
    }

    private static SMTPSendFailedException refusal(int code) {
        return new SMTPSendFailedException(".", code, code + " reply", null, null, null, null);
    }
}
