package dev.mailroom.activity.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.attachments.BulkMailFiles;
import dev.mailroom.activity.repository.CreatedEmailWriter;
import dev.mailroom.activity.service.BulkJobCounters;
import dev.mailroom.activity.service.EmailLocks;
import dev.mailroom.activity.service.ParkedStatuses;
import dev.mailroom.activity.service.ParkedStatuses.Converged;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailCreated;

/**
 * Records a batch of emails created by bulk jobs in one transaction: each event once (by event id), each email once
 * (by activity id), and any status report that overtook an email applied as it lands.
 */
@ApplicationScoped
public class EmailCreatedHandler {

    private final ProcessedEventBatch processedEvents;
    private final EmailLocks locks;
    private final CreatedEmailWriter writer;
    private final ParkedStatuses parked;
    private final BulkJobCounters bulkCounters;
    private final BulkMailFiles bulkFiles;

    public EmailCreatedHandler(ProcessedEventBatch processedEvents, EmailLocks locks, CreatedEmailWriter writer,
            ParkedStatuses parked, BulkJobCounters bulkCounters, BulkMailFiles bulkFiles) {
        this.processedEvents = processedEvents;
        this.locks = locks;
        this.writer = writer;
        this.parked = parked;
        this.bulkCounters = bulkCounters;
        this.bulkFiles = bulkFiles;
    }

    /** @return how many emails were created now */
    @Transactional
    public int handle(List<IncomingEvent<EmailCreated>> events) {
        Set<UUID> fresh = processedEvents.markProcessed(events);
        Map<UUID, EmailCreated> byEmail = new LinkedHashMap<>();
        for (IncomingEvent<EmailCreated> event : events) {
            if (fresh.contains(event.id())) {
                byEmail.putIfAbsent(event.payload().activityId(), event.payload());
            }
        }
        locks.lock(byEmail.keySet());
        Set<UUID> created = writer.insert(List.copyOf(byEmail.values()));
        bulkFiles.giveTo(created); // the template's files of each email's job, by reference
        Map<UUID, Converged> waiting = parked.take(created);
        bulkCounters.addOutcomes(writer.applyConverged(waiting.values()));
        return created.size();
    }
}
