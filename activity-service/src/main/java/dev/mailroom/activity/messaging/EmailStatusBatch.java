package dev.mailroom.activity.messaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.repository.CreatedEmailWriter;
import dev.mailroom.activity.repository.CreatedEmailWriter.Moved;
import dev.mailroom.activity.service.BulkJobCounters;
import dev.mailroom.activity.service.EmailLocks;
import dev.mailroom.activity.service.ParkedStatuses;
import dev.mailroom.activity.service.ParkedStatuses.Converged;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailStatusChanged;

/**
 * Applies the routers' status reports a batch at a time, in one transaction: each report once (by event id), each
 * email only forward by rank, a report for an email not created yet parked. The same rules as one report at a time,
 * with a fixed number of statements per batch.
 */
@ApplicationScoped
public class EmailStatusBatch {

    private final ProcessedEventBatch processedEvents;
    private final EmailLocks locks;
    private final ParkedStatuses parked;
    private final CreatedEmailWriter writer;
    private final BulkJobCounters bulkCounters;

    public EmailStatusBatch(ProcessedEventBatch processedEvents, EmailLocks locks, ParkedStatuses parked,
            CreatedEmailWriter writer, BulkJobCounters bulkCounters) {
        this.processedEvents = processedEvents;
        this.locks = locks;
        this.parked = parked;
        this.writer = writer;
        this.bulkCounters = bulkCounters;
    }

    @Transactional
    public void handle(List<IncomingEvent<EmailStatusChanged>> events) {
        Set<UUID> fresh = processedEvents.markProcessed(events);
        Map<UUID, List<EmailStatusChanged>> byEmail = new LinkedHashMap<>();
        Set<UUID> taken = new HashSet<>();
        for (IncomingEvent<EmailStatusChanged> event : events) {
            EmailStatusChanged report = event.payload();
            // A repeat within the batch: the claim above counted it once, so it is applied once.
            if (fresh.contains(event.id()) && taken.add(event.id())
                    && EmailStatus.fromStatuscode(report.statuscode()).isPresent()) {
                byEmail.computeIfAbsent(report.activityId(), id -> new ArrayList<>()).add(report);
            }
        }
        if (byEmail.isEmpty()) {
            return;
        }
        locks.lock(byEmail.keySet());
        List<Converged> folded = new ArrayList<>(byEmail.size());
        byEmail.forEach((id, reports) -> folded.add(reports.stream()
                .sorted(Comparator.comparing(EmailStatusChanged::occurredAt))
                .map(EmailStatusBatch::converged).reduce(Converged::with).orElseThrow()));
        List<Moved> moved = writer.applyConverged(folded);
        bulkCounters.addOutcomes(moved);
        // An email that did not move is either as far already (nothing to do) or not created yet: its reports wait
        // for it. Looked up only when some did not move: a batch whose emails all moved needs no other statement.
        Set<UUID> notMoved = new HashSet<>(byEmail.keySet());
        moved.forEach(row -> notMoved.remove(row.activityId()));
        if (!notMoved.isEmpty()) {
            notMoved.removeAll(writer.existing(notMoved));
            List<EmailStatusChanged> toPark = new ArrayList<>();
            notMoved.forEach(id -> toPark.addAll(byEmail.get(id)));
            parked.parkAll(toPark);
        }
    }

    private static Converged converged(EmailStatusChanged report) {
        return new Converged(report.activityId(), EmailStatus.fromStatuscode(report.statuscode()).orElseThrow(),
                report.messageId(), report.deliveryAttempts(), report.occurredAt());
    }
}
