package dev.mailroom.activity.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.repository.ArrayParameters;
import dev.mailroom.activity.repository.CreatedEmailWriter;
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
    private final DataSource dataSource;

    public EmailStatusBatch(ProcessedEventBatch processedEvents, EmailLocks locks, ParkedStatuses parked,
            CreatedEmailWriter writer, BulkJobCounters bulkCounters, DataSource dataSource) {
        this.processedEvents = processedEvents;
        this.locks = locks;
        this.parked = parked;
        this.writer = writer;
        this.bulkCounters = bulkCounters;
        this.dataSource = dataSource;
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
        Map<UUID, Current> current = current(byEmail.keySet());
        List<Converged> moves = new ArrayList<>();
        List<EmailStatusChanged> toPark = new ArrayList<>();
        Map<UUID, int[]> outcomes = new HashMap<>();
        byEmail.forEach((id, reports) -> {
            Current row = current.get(id);
            if (row == null) {
                toPark.addAll(reports);
                return;
            }
            Converged folded = reports.stream().sorted(Comparator.comparing(EmailStatusChanged::occurredAt))
                    .map(EmailStatusBatch::converged).reduce(Converged::with).orElseThrow();
            if (row.status().isOvertakenBy(folded.status())) {
                moves.add(folded);
                if (row.job() != null && folded.status().isDeliveryOutcome()) {
                    outcomes.computeIfAbsent(row.job(), job -> new int[2])
                            [folded.status() == EmailStatus.SENT ? 0 : 1]++;
                }
            }
        });
        parked.parkAll(toPark);
        writer.applyConverged(moves);
        outcomes.forEach((job, counts) -> bulkCounters.add(job, counts[0], counts[1]));
    }

    private static Converged converged(EmailStatusChanged report) {
        return new Converged(report.activityId(), EmailStatus.fromStatuscode(report.statuscode()).orElseThrow(),
                report.messageId(), report.deliveryAttempts(), report.occurredAt());
    }

    private Map<UUID, Current> current(Set<UUID> ids) {
        Map<UUID, Current> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT activityid, statuscode, "
                        + "asyncoperationid FROM email WHERE activityid = ANY(?::uuid[]) FOR UPDATE")) {
            statement.setObject(1, ArrayParameters.uuids(ids));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    EmailStatus.fromStatuscode(rs.getInt(2)).ifPresent(status -> {
                        try {
                            rows.put(rs.getObject(1, UUID.class), new Current(status,
                                    rs.getObject(3, UUID.class)));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read emails for status reports: " + e.getMessage(), e);
        }
    }

    private record Current(EmailStatus status, UUID job) {
    }
}
