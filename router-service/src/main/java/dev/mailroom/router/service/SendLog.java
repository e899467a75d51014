package dev.mailroom.router.service;

import org.jboss.logging.Logger;

import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.mail.SendResult;
import dev.mailroom.router.mail.SmtpServer;

/**
 * One line per SMTP transaction, written inside the email's log context (its id and trace id in the MDC): the
 * delivery log an operator searches when asked "did this email go out?". Addresses, subjects and bodies stay out.
 */
final class SendLog {

    private static final Logger LOG = Logger.getLogger(SendLog.class);

    private SendLog() {
    }

    static void outcome(ClaimedSend send, SmtpServer server, SendResult result) {
        String attempt = "attempt " + send.attempt() + (send.resend() ? ", a resend after an unknown outcome" : "");
        if (result instanceof SendResult.Accepted) {
            LOG.infof("Email %s accepted by %s as %s (%s)", send.activityId(), server, send.messageId(), attempt);
        } else if (result instanceof SendResult.Transient failure) {
            LOG.infof("Email %s deferred by %s (%s): %s", send.activityId(), server, attempt, failure.reason());
        } else if (result instanceof SendResult.Refused refused) {
            LOG.warnf("Email %s refused by %s (%s): %s", send.activityId(), server, attempt, refused.reason());
        } else if (result instanceof SendResult.Unknown unknown) {
            LOG.warnf("Email %s: outcome unknown at %s (%s): %s", send.activityId(), server, attempt,
                    unknown.reason());
        }
    }
}
