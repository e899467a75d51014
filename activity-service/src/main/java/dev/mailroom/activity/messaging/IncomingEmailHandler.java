package dev.mailroom.activity.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.lifecycle.Bounces;
import dev.mailroom.activity.lifecycle.IncomingEmails;
import dev.mailroom.activity.lifecycle.IncomingMessage;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.events.DeliveryReport;
import dev.mailroom.events.IncomingEmailReceived;

/**
 * Delivers a batch of incoming mail once: each event id is recorded in the same transaction as the emails, and a
 * second event for a Message-ID already delivered (a router polling again) creates nothing. A delivery report
 * (bounce) is delivered like any message, continuing the conversation of the email it reports on, and is applied to
 * that email ({@link Bounces}) when its Received email is created, so once.
 */
@ApplicationScoped
public class IncomingEmailHandler {

    private final ProcessedEventLog processedEvents;
    private final IncomingEmails incoming;
    private final Bounces bounces;

    public IncomingEmailHandler(ProcessedEventLog processedEvents, IncomingEmails incoming, Bounces bounces) {
        this.processedEvents = processedEvents;
        this.incoming = incoming;
        this.bounces = bounces;
    }

    @Transactional
    public void handle(List<IncomingEvent<IncomingEmailReceived>> events) {
        List<IncomingMessage> messages = new ArrayList<>(events.size());
        List<DeliveryReport> reports = new ArrayList<>(events.size());
        for (IncomingEvent<IncomingEmailReceived> event : events) {
            if (processedEvents.markProcessed(event)) {
                messages.add(message(event.payload()));
                reports.add(event.payload().deliveryReport());
            }
        }
        List<IncomingEmails.Delivered> delivered = incoming.deliverAll(messages);
        List<Bounces.Bounce> bounced = new ArrayList<>();
        for (int i = 0; i < delivered.size(); i++) {
            if (delivered.get(i).created() && reports.get(i) != null) {
                bounced.add(new Bounces.Bounce(delivered.get(i).activityId(), reports.get(i)));
            }
        }
        if (!bounced.isEmpty()) {
            bounces.recordAll(bounced);
        }
    }

    static IncomingMessage message(IncomingEmailReceived mail) {
        return new IncomingMessage(mail.activityId(), mail.mailboxId(), mail.messageId(), mail.inReplyTo(),
                references(mail), mail.from(), mail.to(), mail.cc(), List.of(), mail.subject(), mail.htmlBody(),
                mail.receivedOn(), mail.attachments());
    }

    /**
     * The message's References, and for a delivery report the Message-ID it reports on, last (so first tried after
     * In-Reply-To): a bounce seldom carries In-Reply-To, yet belongs to the conversation of the email that bounced.
     */
    private static List<String> references(IncomingEmailReceived mail) {
        DeliveryReport report = mail.deliveryReport();
        if (report == null || report.originalMessageId() == null || report.originalMessageId().isBlank()) {
            return mail.references();
        }
        List<String> references = new ArrayList<>(mail.references() == null ? List.of() : mail.references());
        references.add(report.originalMessageId().strip());
        return references;
    }
}
