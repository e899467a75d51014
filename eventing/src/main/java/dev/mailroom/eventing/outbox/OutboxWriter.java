package dev.mailroom.eventing.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.events.MailroomEvent;
import io.opentelemetry.context.Context;

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists exactly when the change it
 * describes does. After a commit it nudges the relay, which keeps latency low without hammering the table.
 */
@ApplicationScoped
public class OutboxWriter {

    private final EntityManager entityManager;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;
    private final int maxPayloadBytes;

    public OutboxWriter(EntityManager entityManager, DataSource dataSource, ObjectMapper objectMapper,
            TransactionSynchronizationRegistry transactions, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.application.name") String applicationName, OutboxConfig config) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
        this.transactions = transactions;
        this.relay = relay;
        this.source = "/" + applicationName;
        this.maxPayloadBytes = config.maxPayloadBytes();
    }

    /**
     * @param topic where the event goes
     * @param key the Kafka key: events with one key keep their order
     * @param type the CloudEvent type
     * @param subject the CloudEvent subject (the aggregate id)
     * @throws IllegalArgumentException when the payload is over {@code mailroom.outbox.max-payload-bytes}: Kafka
     *         would refuse it, so the caller refuses the request (a 4xx) instead of committing an unpublishable event
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String type, String subject, MailroomEvent event) {
        String payload = checkedJson(event);
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.messageKey = key;
        row.eventType = type;
        row.source = source;
        row.subject = subject;
        row.occurredAt = event.occurredAt();
        row.payload = payload;
        Map<String, String> trace = TraceContext.fields(Context.current());
        row.traceparent = trace.get(TraceContext.TRACEPARENT);
        row.tracestate = trace.get(TraceContext.TRACESTATE);
        entityManager.persist(row);
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
    }

    /**
     * Appends many events of one type in one statement (a batch of a router or of a bulk job), in list order, each
     * keyed and subjected by {@code keyOf}: one round trip instead of one per event. Every event carries the current
     * trace context.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends MailroomEvent> void appendAll(String topic, String type, List<E> events,
            Function<? super E, String> keyOf) {
        String traceparent = TraceContext.currentTraceparent();
        appendAll(topic, type, events, keyOf, event -> traceparent);
    }

    /**
     * As {@link #appendAll(String, String, List, Function)}, each event in the trace {@code traceparentOf} names
     * (a W3C traceparent, or null): a batch of many emails continues each email's own trace.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends MailroomEvent> void appendAll(String topic, String type, List<E> events,
            Function<? super E, String> keyOf, Function<? super E, String> traceparentOf) {
        if (events.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO outbox_event (event_id, topic, message_key, event_type, source, subject, "
                + "occurred_at, payload, traceparent) SELECT u.id, ?, u.k, ?, ?, u.k, u.at, u.p, u.tp "
                + "FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::text[], ?::text[]) WITH ORDINALITY "
                + "AS u(id, k, at, p, tp, n) ORDER BY u.n";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, topic);
            statement.setString(2, type);
            statement.setString(3, source);
            statement.setArray(4, connection.createArrayOf("uuid",
                    events.stream().map(MailroomEvent::eventId).toArray()));
            statement.setArray(5, connection.createArrayOf("text", events.stream().map(keyOf).toArray()));
            statement.setArray(6, connection.createArrayOf("timestamptz",
                    events.stream().map(event -> Timestamp.from(event.occurredAt())).toArray()));
            statement.setArray(7, connection.createArrayOf("text", events.stream().map(this::checkedJson).toArray()));
            statement.setArray(8, connection.createArrayOf("text", events.stream().map(traceparentOf).toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox batch could not be written: " + e.getMessage(), e);
        }
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
    }

    /** As {@link #copyAll(String, String, List, Function, Function)}, every event in the current trace. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends MailroomEvent> void copyAll(String topic, String type, List<E> events,
            Function<? super E, String> keyOf) {
        String traceparent = TraceContext.currentTraceparent();
        copyAll(topic, type, events, keyOf, event -> traceparent);
    }

    /**
     * As {@link #appendAll(String, String, List, Function, Function)}, the rows streamed with PostgreSQL's binary
     * {@code COPY} instead of an insert with array parameters: a payload is sent as its UTF-8 bytes, neither escaped
     * into an array literal here nor parsed out of one by the server, and PostgreSQL writes the rows several to a
     * page. For large batches of large payloads (a bulk job's pages: hundreds of rendered bodies a statement); the
     * rows, their order and what the relay does with them are the same as appendAll's.
     *
     * @throws IllegalArgumentException when a payload is over {@code mailroom.outbox.max-payload-bytes}; nothing of
     *         the batch is written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends MailroomEvent> void copyAll(String topic, String type, List<E> events,
            Function<? super E, String> keyOf, Function<? super E, String> traceparentOf) {
        if (events.isEmpty()) {
            return;
        }
        copyRows(topic, type, events, events.stream().map(this::toUtf8Json).toList(), keyOf, traceparentOf);
    }

    /**
     * As {@link #copyAll(String, String, List, Function)}, each event's JSON already written by the caller:
     * {@code payloads.get(i)} is {@code events.get(i)}'s JSON in UTF-8, the bytes this writer's ObjectMapper gives
     * for it. For a caller that writes the large values several events share once (a bulk job's rendered body in its
     * created and its pending event) instead of escaping them once per event.
     *
     * @throws IllegalArgumentException when a payload is over {@code mailroom.outbox.max-payload-bytes}, or the two
     *         lists differ in length; nothing of the batch is written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends MailroomEvent> void copyAllJson(String topic, String type, List<E> events,
            List<byte[]> payloads, Function<? super E, String> keyOf) {
        if (payloads.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + payloads.size() + " payloads");
        }
        String traceparent = TraceContext.currentTraceparent();
        copyRows(topic, type, events, payloads, keyOf, event -> traceparent);
    }

    private <E extends MailroomEvent> void copyRows(String topic, String type, List<E> events, List<byte[]> payloads,
            Function<? super E, String> keyOf, Function<? super E, String> traceparentOf) {
        if (events.isEmpty()) {
            return;
        }
        // Every payload is checked before the first byte goes out: a refused batch writes nothing.
        for (int i = 0; i < events.size(); i++) {
            checkSize(events.get(i), payloads.get(i).length);
        }
        byte[] topicBytes = OutboxCopyRows.utf8(topic);
        byte[] typeBytes = OutboxCopyRows.utf8(type);
        byte[] sourceBytes = OutboxCopyRows.utf8(source);
        String sql = "COPY outbox_event (" + OutboxCopyRows.COLUMNS + ") FROM STDIN (FORMAT binary)";
        try (Connection connection = dataSource.getConnection()) {
            PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16);
            try {
                try (OutboxCopyRows rows = new OutboxCopyRows(copy)) {
                    for (int i = 0; i < events.size(); i++) {
                        E event = events.get(i);
                        rows.row(event.eventId(), topicBytes, keyOf.apply(event), typeBytes, sourceBytes,
                                event.occurredAt(), payloads.get(i), traceparentOf.apply(event));
                    }
                }
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy(); // leaves the connection usable for the rollback that follows
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("The outbox batch could not be copied: " + e.getMessage(), e);
        }
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
    }

    /**
     * Events of one type as the array parameters of an outbox insert that the caller writes into a statement of its
     * own, with the change the events describe: one round trip for both, and rows only for the changes that took
     * effect (a ledger update fenced by epochs, say). The columns are those of {@link #appendAll}'s insert. Nothing
     * is written here and no transaction is needed; once the caller's statement is committed, {@link #wakeRelay()}
     * sends the events on without waiting for the relay's next poll. A null element of {@code events} is a row of the
     * caller's statement with no event: all its columns are null (its change is reported some other way).
     */
    public <E extends MailroomEvent> PreparedEvents prepare(String topic, String type, List<E> events,
            Function<? super E, String> keyOf, Function<? super E, String> traceparentOf) {
        return new PreparedEvents(topic, type, source, orNull(events, MailroomEvent::eventId),
                orNull(events, keyOf), orNull(events, event -> Timestamp.from(event.occurredAt())),
                orNull(events, this::checkedJson), orNull(events, traceparentOf));
    }

    private static <E> Object[] orNull(List<E> events, Function<? super E, ?> column) {
        return events.stream().map(event -> event == null ? null : column.apply(event)).toArray();
    }

    /**
     * Events of one type as the rows {@link #appendAll(String, String, List, Function, Function)} would write, not
     * written anywhere: for a caller that publishes them itself ({@link OutboxPublisher#publish(List)}) because its
     * own table already holds what they report and can give them again (the router's send ledger).
     *
     * @throws IllegalArgumentException when a payload is over {@code mailroom.outbox.max-payload-bytes}
     */
    public <E extends MailroomEvent> List<OutboxEvent> unwritten(String topic, String type, List<E> events,
            Function<? super E, String> keyOf, Function<? super E, String> traceparentOf) {
        return events.stream().map(event -> {
            OutboxEvent row = unwritten(topic, type, event, keyOf, traceparentOf);
            row.payload = checkedJson(event);
            return row;
        }).toList();
    }

    /**
     * As {@link #unwritten(String, String, List, Function, Function)}, each event's JSON already written by the
     * caller as UTF-8 ({@code payloads.get(i)} for {@code events.get(i)}, as for {@link #copyAllJson}), every event in
     * the current trace.
     *
     * @throws IllegalArgumentException when a payload is over {@code mailroom.outbox.max-payload-bytes}, or the two
     *         lists differ in length
     */
    public <E extends MailroomEvent> List<OutboxEvent> unwrittenJson(String topic, String type, List<E> events,
            List<byte[]> payloads, Function<? super E, String> keyOf) {
        if (payloads.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + payloads.size() + " payloads");
        }
        String traceparent = TraceContext.currentTraceparent();
        List<OutboxEvent> rows = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            checkSize(events.get(i), payloads.get(i).length);
            OutboxEvent row = unwritten(topic, type, events.get(i), keyOf, event -> traceparent);
            row.payloadUtf8 = payloads.get(i);
            rows.add(row);
        }
        return rows;
    }

    private <E extends MailroomEvent> OutboxEvent unwritten(String topic, String type, E event,
            Function<? super E, String> keyOf, Function<? super E, String> traceparentOf) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.messageKey = keyOf.apply(event);
        row.eventType = type;
        row.source = source;
        row.subject = row.messageKey;
        row.occurredAt = event.occurredAt();
        row.traceparent = traceparentOf.apply(event);
        return row;
    }

    /** Events of one type ready to insert: topic, type and source for all, then one array element per event. */
    public record PreparedEvents(String topic, String type, String source, Object[] eventIds, Object[] keys,
            Object[] occurredAt, Object[] payloads, Object[] traceparents) {
    }

    /** After the commit of events written through {@link #prepare}: the relay publishes them now. */
    public void wakeRelay() {
        relay.wake();
    }

    /** The event's JSON, refused when Kafka could never take it. */
    private String checkedJson(MailroomEvent event) {
        String payload = toJson(event);
        checkSize(event, payload.getBytes(StandardCharsets.UTF_8).length);
        return payload;
    }

    /** The event's JSON as UTF-8. */
    private byte[] toUtf8Json(MailroomEvent event) {
        try {
            return objectMapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + event.getClass().getSimpleName() + " is not serializable", e);
        }
    }

    private void checkSize(MailroomEvent event, int size) {
        if (size > maxPayloadBytes) {
            throw new IllegalArgumentException("Event " + event.getClass().getSimpleName() + " is " + size
                    + " bytes of JSON, over the outbox limit of " + maxPayloadBytes
                    + " (mailroom.outbox.max-payload-bytes)");
        }
    }

    private String toJson(MailroomEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + event.getClass().getSimpleName() + " is not serializable", e);
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
