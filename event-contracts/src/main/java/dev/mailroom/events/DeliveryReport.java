package dev.mailroom.events;

import java.util.List;
import java.util.Locale;

/**
 * What a delivery status notification (RFC 3464, {@code multipart/report; report-type=delivery-status}) says about a
 * message sent earlier: the mail server that gave up on it, or delayed it, names the message and each recipient's
 * fate. Carried by {@link IncomingEmailReceived} when the message pulled from a mailbox is such a report.
 *
 * @param originalMessageId the Message-ID of the message reported on (from the returned message or its headers),
 *     or null when the report returns neither
 * @param recipients one entry per recipient the report names, in its order
 */
public record DeliveryReport(String originalMessageId, List<Recipient> recipients) {

    public DeliveryReport {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * One recipient's fate.
     *
     * @param address the {@code Final-Recipient} (else {@code Original-Recipient}) address, without its type
     * @param action {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code expanded}, lower case
     * @param status the RFC 3463 status code, such as {@code 5.1.1}, or null when the report has none
     * @param diagnosticCode the remote server's answer ({@code Diagnostic-Code}), or null
     */
    public record Recipient(String address, String action, String status, String diagnosticCode) {

        public Recipient {
            action = action == null ? null : action.strip().toLowerCase(Locale.ROOT);
        }

        /** The message was not delivered to this recipient, and no server will try again. */
        public boolean failed() {
            return "failed".equals(action);
        }

        /**
         * A hard bounce: failed with a permanent status (class 5, such as 5.1.1 no such user), so mail to the
         * address will fail again. A failure with a transient status (4.x.x, a server that gave up retrying) is not.
         */
        public boolean permanent() {
            return failed() && status != null && status.strip().startsWith("5.");
        }
    }
}
