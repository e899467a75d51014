package dev.mailroom.activity.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.lifecycle.IncomingEmails;
import dev.mailroom.activity.lifecycle.IncomingMessage;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.events.IncomingEmailReceived;

/**
 * Delivers a batch of incoming mail once: each event id is recorded in the same transaction as the emails, and a
 * second event for a Message-ID already delivered (a router polling again) creates nothing.
 */
@ApplicationScoped
public class IncomingEmailHandler {

    private final ProcessedEventLog processedEvents;
    private final IncomingEmails incoming;

    public IncomingEmailHandler(ProcessedEventLog processedEvents, IncomingEmails incoming) {
        this.processedEvents = processedEvents;
        this.incoming = incoming;
    }

    @Transactional
    public void handle(List<IncomingEvent<IncomingEmailReceived>> events) {
        List<IncomingMessage> messages = new ArrayList<>(events.size());
        for (IncomingEvent<IncomingEmailReceived> event : events) {
            if (processedEvents.markProcessed(event)) {
                messages.add(message(event.payload()));
            }
        }
        incoming.deliverAll(messages);
    }

    static IncomingMessage message(IncomingEmailReceived mail) {
        return new IncomingMessage(mail.activityId(), mail.mailboxId(), mail.messageId(), mail.inReplyTo(),
                mail.references(), mail.from(), mail.to(), mail.cc(), List.of(), mail.subject(), mail.htmlBody(),
                mail.receivedOn(), mail.attachments());
    }
}
