package dev.mailroom.activity.service;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.attachments.AttachmentFiles;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;

/** The events activity-service publishes about emails, always through the outbox. */
@ApplicationScoped
public class EmailEvents {

    private final OutboxWriter outbox;
    private final AttachmentFiles attachments;

    public EmailEvents(OutboxWriter outbox, AttachmentFiles attachments) {
        this.outbox = outbox;
        this.attachments = attachments;
    }

    /**
     * Keyed by the activity id, so one sender's campaign spreads over every partition and router; per-mailbox
     * limits are the routers' shared state, not partition ownership.
     */
    void emailPending(EmailActivity email, Instant now) {
        String from = email.senderAddress().orElseThrow();
        String mailbox = from.toLowerCase(Locale.ROOT);
        EmailPending event = new EmailPending(UUID.randomUUID(), now, email.activityid, mailbox, from,
                email.partyAddresses(ParticipationType.TO_RECIPIENT),
                email.partyAddresses(ParticipationType.CC_RECIPIENT),
                email.partyAddresses(ParticipationType.BCC_RECIPIENT),
                email.subject, email.description, email.trackingtoken, attachments.sendList(email.activityid));
        String key = email.activityid.toString();
        try {
            outbox.append(Topics.EMAIL_PENDING, key, EmailPending.TYPE, key, event);
        } catch (IllegalArgumentException e) {
            // Over the outbox's payload limit: it could never be published, so the send is refused here.
            throw DataverseError.MESSAGE_SIZE_EXCEEDED.withMessage("The e-mail message size exceeds the maximum "
                    + "that can be sent; shorten its body.");
        }
    }
}
