package dev.mailroom.activity.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.repository.ArrayParameters;
import dev.mailroom.eventing.inbox.IncomingEvent;

/** The idempotent consumer's memory for a whole batch: one statement claims every event id of it. */
@ApplicationScoped
public class ProcessedEventBatch {

    private final DataSource dataSource;

    public ProcessedEventBatch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the ids claimed now; the others were applied before and must be left alone */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> markProcessed(List<? extends IncomingEvent<?>> events) {
        Set<UUID> claimed = new HashSet<>();
        if (events.isEmpty()) {
            return claimed;
        }
        String sql = "INSERT INTO processed_event (event_id, event_type, processed_at) "
                + "SELECT id, type, now() FROM unnest(?::uuid[], ?::text[]) AS u(id, type) "
                + "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, ArrayParameters.uuids(events, IncomingEvent::id));
            statement.setObject(2, ArrayParameters.texts(events, IncomingEvent::type));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getObject(1, UUID.class));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record processed events: " + e.getMessage(), e);
        }
    }
}
