package dev.mailroom.activity.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.mailroom.events.IncomingAttachment;

/**
 * A message received by a mailbox, however it arrived (DeliverIncomingEmail, DeliverPromoteEmail, or a router's
 * {@code IncomingEmailReceived} event).
 *
 * @param activityId the id the email is to have, or null for a new one
 * @param mailboxId the receiving mailbox, or null when unknown
 * @param attachments the message's files, stored in attachment-service by the router that read it
 */
public record IncomingMessage(UUID activityId, UUID mailboxId, String messageId, String inReplyTo,
        List<String> references, String from, List<String> to, List<String> cc, List<String> bcc, String subject,
        String htmlBody, Instant receivedOn, List<IncomingAttachment> attachments) {

    public IncomingMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        references = references == null ? List.of() : List.copyOf(references);
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
    }

    /** A message without files (the Web API's: DeliverIncomingEmail stores its files only once the email is new). */
    public IncomingMessage(UUID activityId, UUID mailboxId, String messageId, String inReplyTo, List<String> references,
            String from, List<String> to, List<String> cc, List<String> bcc, String subject, String htmlBody,
            Instant receivedOn) {
        this(activityId, mailboxId, messageId, inReplyTo, references, from, to, cc, bcc, subject, htmlBody,
                receivedOn, List.of());
    }

    /** Every address on the message, sender first. */
    public List<String> addresses() {
        java.util.List<String> all = new java.util.ArrayList<>();
        if (from != null) {
            all.add(from);
        }
        all.addAll(to);
        all.addAll(cc);
        all.addAll(bcc);
        return all;
    }
}
