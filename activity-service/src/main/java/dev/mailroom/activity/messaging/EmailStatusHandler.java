package dev.mailroom.activity.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.service.EmailActivityService;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.events.EmailStatusChanged;

/** Applies each status report once: the event id is recorded in the same transaction as the change. */
@ApplicationScoped
public class EmailStatusHandler {

    private final ProcessedEventLog processedEvents;
    private final EmailActivityService service;

    public EmailStatusHandler(ProcessedEventLog processedEvents, EmailActivityService service) {
        this.processedEvents = processedEvents;
        this.service = service;
    }

    @Transactional
    public void handle(IncomingEvent<EmailStatusChanged> event) {
        if (!processedEvents.markProcessed(event)) {
            return;
        }
        service.applyDeliveryStatus(event.payload());
    }
}
