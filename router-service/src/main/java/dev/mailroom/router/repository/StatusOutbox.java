package dev.mailroom.router.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.outbox.OutboxRelay;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;

/**
 * Appends a batch's status events to eventing's outbox table in one statement. eventing's {@code OutboxWriter}
 * inserts one row per call (an identity key, so no JDBC batching): 1,000 round trips per 500-email batch was the
 * router's largest cost. The rows are the ones {@code OutboxWriter} would write; the relay publishes them as usual.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class StatusOutbox {

    private final DataSource dataSource;
    private final ObjectMapper objectMapper;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;

    public StatusOutbox(DataSource dataSource, ObjectMapper objectMapper,
            TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
        this.transactions = transactions;
        this.relay = relay;
        this.source = "/" + applicationName;
    }

    /** Keyed and subjected by activity id, in list order. */
    public void appendAll(List<EmailStatusChanged> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO outbox_event (event_id, topic, message_key, event_type, source, subject, "
                + "occurred_at, payload) SELECT u.id, ?, u.k, ?, ?, u.k, u.at, u.p "
                + "FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::text[]) WITH ORDINALITY "
                + "AS u(id, k, at, p, n) ORDER BY u.n";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, Topics.EMAIL_STATUS);
            statement.setString(2, EmailStatusChanged.TYPE);
            statement.setString(3, source);
            statement.setArray(4, connection.createArrayOf("uuid",
                    events.stream().map(EmailStatusChanged::eventId).toArray()));
            statement.setArray(5, connection.createArrayOf("text",
                    events.stream().map(e -> e.activityId().toString()).toArray()));
            statement.setArray(6, connection.createArrayOf("timestamptz",
                    events.stream().map(e -> Timestamp.from(e.occurredAt())).toArray()));
            statement.setArray(7, connection.createArrayOf("text", events.stream().map(this::json).toArray()));
            statement.executeUpdate();
        }
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
    }

    private String json(EmailStatusChanged event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("EmailStatusChanged is not serializable", e);
        }
    }

    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
