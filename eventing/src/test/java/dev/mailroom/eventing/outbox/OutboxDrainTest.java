package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mailroom.eventing.EventingSchema;
import dev.mailroom.eventing.LocalStackExtension;
import dev.mailroom.eventing.TopicReader;
import dev.mailroom.localstack.StackAddresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The relay pass against the real broker and database: order, delete only after acknowledgement, poison rows. */
@ExtendWith(LocalStackExtension.class)
class OutboxDrainTest {

    private static final int SMALL_MAX_REQUEST = 20_000;

    private final List<OutboxPublisher> publishers = new ArrayList<>();
    private String bootstrap;
    private EventingSchema schema;
    private String topic;

    @BeforeEach
    void setUp(StackAddresses stack) {
        bootstrap = stack.get(StackAddresses.KAFKA_BOOTSTRAP);
        schema = new EventingSchema(stack, "drain_" + UUID.randomUUID().toString().substring(0, 8));
        topic = "outbox-test-" + UUID.randomUUID();
    }

    @AfterEach
    void closePublishers() {
        publishers.forEach(OutboxPublisher::close);
    }

    @Test
    void shouldPublishEveryRowInOrderPerKeyAcrossPassesAndThenDeleteIt() {
        List<String> keys = List.of("a", "b", "c", "d");
        for (int sequence = 0; sequence < 10; sequence++) {
            for (String key : keys) {
                schema.insertOutboxRow(topic, key, "{\"sequence\":" + sequence + "}");
            }
        }
        OutboxDrain drain = drain(publisher(Map.of()), 7);

        int passes = 0;
        while (drain.drainOnce().batch() > 0) {
            passes++;
        }

        assertEquals(6, passes, "40 rows in batches of 7");
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event"));
        assertTenInOrderPerKey(keys);
    }

    @Test
    void shouldKeepRowsWhileTheBrokerIsDownAndDeleteThemOnceAcknowledged() {
        schema.insertOutboxRow(topic, "k", "{\"n\":1}");
        schema.insertOutboxRow(topic, "k", "{\"n\":2}");
        // Nothing listens there: no acknowledgement can come.
        OutboxPublisher unreachable = publisher(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000));

        OutboxDrain.Pass failed = drain(unreachable, 10).drainOnce();

        assertEquals(new OutboxDrain.Pass(true, 2, 0, 0, 2), failed);
        assertEquals(2, schema.count("SELECT count(*) FROM outbox_event"));

        // A new topic's first metadata can take a while on a loaded machine: give the healthy publisher room.
        OutboxDrain.Pass published = drain(publisher(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000)), 10)
                .drainOnce();

        assertEquals(new OutboxDrain.Pass(true, 2, 2, 0, 0), published);
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event"));
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"),
                TopicReader.read(bootstrap, topic, 2).stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void shouldDeadLetterARowKafkaRefusesAndPublishTheOthersInOrder() {
        schema.insertOutboxRow(topic, "k", "{\"n\":1}");
        UUID poison = schema.insertOutboxRow(topic, "k", "{\"big\":\"" + "x".repeat(SMALL_MAX_REQUEST) + "\"}");
        schema.insertOutboxRow(topic, "k", "{\"n\":3}");
        schema.insertOutboxRow(topic, "other", "{\"n\":4}");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxDrain drain = new OutboxDrain(schema.dataSource(),
                publisher(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SMALL_MAX_REQUEST)), 10, meters);

        OutboxDrain.Pass pass = drain.drainOnce();

        assertEquals(new OutboxDrain.Pass(true, 4, 3, 1, 0), pass);
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event"));
        assertEquals(1, schema.count("SELECT count(*) FROM outbox_dead_letter WHERE event_id = ?", poison));
        String reason = schema.text("SELECT reason FROM outbox_dead_letter WHERE event_id = ?", poison);
        assertTrue(reason.startsWith("RecordTooLargeException"), reason);
        assertEquals(1.0, meters.counter("mailroom.outbox.dead.lettered").count());
        assertEquals(3.0, meters.counter("mailroom.outbox.published").count());
        assertEquals(new OutboxDrain.Pass(true, 0, 0, 0, 0), drain.drainOnce(), "nothing is republished");
        List<String> keyK = TopicReader.read(bootstrap, topic, 3).stream()
                .filter(record -> record.key().equals("k")).map(ConsumerRecord::value).toList();
        assertEquals(List.of("{\"n\":1}", "{\"n\":3}"), keyK);
    }

    @Test
    void shouldKeepEveryRowAfterOneKafkaDidNotAcknowledgeSoNoKeyOvertakesIt() {
        UUID first = schema.insertOutboxRow(topic, "k", "{\"n\":1}");
        UUID unacknowledged = schema.insertOutboxRow(topic, "k", "{\"n\":2}");
        UUID after = schema.insertOutboxRow(topic, "k", "{\"n\":3}");
        // Fault injection: the broker takes all three, but the second answer is lost as if it had timed out.
        OutboxPublisher losingOneAnswer = new OutboxPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap)) {
            @Override
            InFlight send(List<OutboxEvent> rows) {
                InFlight sent = super.send(rows);
                return () -> {
                    List<Delivery> deliveries = new ArrayList<>(sent.await());
                    deliveries.set(1, new Delivery(rows.get(1), new TimeoutException("answer lost")));
                    return deliveries;
                };
            }
        };
        publishers.add(losingOneAnswer);

        OutboxDrain.Pass pass = drain(losingOneAnswer, 10).drainOnce();

        assertEquals(new OutboxDrain.Pass(true, 3, 1, 0, 2), pass);
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event WHERE event_id = ?", first));
        assertEquals(2, schema.count("SELECT count(*) FROM outbox_event WHERE event_id IN (?, ?)", unacknowledged,
                after), "the unacknowledged row, and the acknowledged one behind it: it is sent again after it");
    }

    @Test
    void shouldPipelineBatchesAndStillPublishEveryRowInOrderPerKeyAndDeleteIt() {
        List<String> keys = List.of("a", "b", "c", "d");
        for (int sequence = 0; sequence < 10; sequence++) {
            for (String key : keys) {
                schema.insertOutboxRow(topic, key, "{\"sequence\":" + sequence + "}");
            }
        }
        // Batches of 3, three of them awaiting answers at once, five per pass: 15 rows a pass.
        OutboxDrain drain = new OutboxDrain(schema.dataSource(), publisher(Map.of()), 3, 3, 5, List.of(),
                new SimpleMeterRegistry());

        List<Integer> read = new ArrayList<>();
        OutboxDrain.Pass pass;
        do {
            pass = drain.drainOnce();
            read.add(pass.batch());
            assertEquals(pass.batch(), pass.published(), "every row read was acknowledged and deleted");
        } while (pass.batch() == drain.rowsPerPass());

        assertEquals(List.of(15, 15, 10), read);
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event"));
        assertTenInOrderPerKey(keys);
    }

    @Test
    void shouldKeepTheBatchesSentBehindAnUnacknowledgedRowWhenPipelined() {
        List<UUID> rows = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            rows.add(schema.insertOutboxRow(topic, "k", "{\"n\":" + n + "}"));
        }
        // The broker takes every record, but the answer to the second row of the first batch is lost.
        OutboxPublisher losingOneAnswer = new OutboxPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap)) {
            private boolean first = true;

            @Override
            InFlight send(List<OutboxEvent> batch) {
                InFlight sent = super.send(batch);
                boolean loseOne = first;
                first = false;
                return () -> {
                    List<Delivery> deliveries = new ArrayList<>(sent.await());
                    if (loseOne) {
                        deliveries.set(1, new Delivery(batch.get(1), new TimeoutException("answer lost")));
                    }
                    return deliveries;
                };
            }
        };
        publishers.add(losingOneAnswer);
        OutboxDrain drain = new OutboxDrain(schema.dataSource(), losingOneAnswer, 3, 3, 10, List.of(),
                new SimpleMeterRegistry());

        OutboxDrain.Pass pass = drain.drainOnce();

        assertEquals(new OutboxDrain.Pass(true, 9, 1, 0, 8), pass,
                "three batches were in flight; only the row before the lost answer may go");
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event WHERE event_id = ?", rows.get(0)));
        assertEquals(8, schema.count("SELECT count(*) FROM outbox_event"));
    }

    @Test
    void shouldPublishThePriorityTopicsAheadOfEarlierRowsOfOtherTopics() {
        String lane = topic + "-lane";
        for (int n = 1; n <= 6; n++) {
            schema.insertOutboxRow(topic, "k", "{\"n\":" + n + "}");
        }
        schema.insertOutboxRow(lane, "page", "{\"page\":1}");
        schema.insertOutboxRow(topic, "k", "{\"n\":7}");
        schema.insertOutboxRow(lane, "page", "{\"page\":2}");
        OutboxDrain drain = new OutboxDrain(schema.dataSource(), publisher(Map.of()), 4, 1, 1, List.of(lane),
                new SimpleMeterRegistry());

        assertEquals(new OutboxDrain.Pass(true, 4, 4, 0, 0), drain.drainOnce(),
                "the lane's two rows, and the batch filled up with the two oldest of the others");
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event WHERE topic = ?", lane));
        assertEquals(5, schema.count("SELECT count(*) FROM outbox_event WHERE topic = ?", topic));
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event WHERE payload IN ('{\"n\":1}', "
                + "'{\"n\":2}')"), "the oldest two went first");
        assertEquals(new OutboxDrain.Pass(true, 4, 4, 0, 0), drain.drainOnce());
        assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), drain.drainOnce());
        assertEquals(new OutboxDrain.Pass(true, 0, 0, 0, 0), drain.drainOnce());
        assertEquals(List.of("{\"page\":1}", "{\"page\":2}"),
                TopicReader.read(bootstrap, lane, 2).stream().map(ConsumerRecord::value).toList());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}",
                "{\"n\":7}"), TopicReader.read(bootstrap, topic, 7).stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void shouldFillEachBatchBehindTheLaneSoAPassStopsShortOnlyAtTheEndOfTheOutbox() {
        String lane = topic + "-lane";
        schema.insertOutboxRow(lane, "page", "{\"page\":1}");
        for (int n = 1; n <= 10; n++) {
            schema.insertOutboxRow(topic, "k", "{\"n\":" + n + "}");
        }
        schema.insertOutboxRow(lane, "page", "{\"page\":2}");
        // Batches of 3, two per pass: 6 rows a pass. A batch of the lane's two rows alone would end the first pass
        // at 5 rows, which the relay reads as "the outbox is empty" and sleeps on.
        OutboxDrain drain = new OutboxDrain(schema.dataSource(), publisher(Map.of()), 3, 2, 2, List.of(lane),
                new SimpleMeterRegistry());

        assertEquals(new OutboxDrain.Pass(true, 6, 6, 0, 0), drain.drainOnce());
        assertEquals(new OutboxDrain.Pass(true, 6, 6, 0, 0), drain.drainOnce());
        assertEquals(new OutboxDrain.Pass(true, 0, 0, 0, 0), drain.drainOnce());
        assertEquals(List.of("{\"page\":1}", "{\"page\":2}"),
                TopicReader.read(bootstrap, lane, 2).stream().map(ConsumerRecord::value).toList());
        assertEquals(10, TopicReader.read(bootstrap, topic, 10).size());
    }

    /**
     * A bulk page writes its EmailCreated rows, then its EmailPending rows, and a progress report in the lane. The
     * relay must hand the producer the rows of both email topics as their ids come, not one topic first.
     */
    @Test
    void shouldHandRowsOfEveryTopicOutsideTheLaneToTheProducerInIdOrder() {
        String created = topic + "-created";
        String pending = topic + "-pending";
        String lane = topic + "-lane";
        List<UUID> written = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            for (int n = 0; n < 5; n++) {
                written.add(schema.insertOutboxRow(created, "p" + page + "-" + n, "{}"));
            }
            for (int n = 0; n < 5; n++) {
                written.add(schema.insertOutboxRow(pending, "p" + page + "-" + n, "{}"));
            }
            schema.insertOutboxRow(lane, "progress", "{\"page\":" + page + "}");
        }
        List<OutboxEvent> handed = new ArrayList<>();
        OutboxPublisher recording = new OutboxPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)) {
            @Override
            InFlight send(List<OutboxEvent> rows) {
                handed.addAll(rows);
                return super.send(rows);
            }
        };
        publishers.add(recording);
        OutboxDrain drain = new OutboxDrain(schema.dataSource(), recording, 12, 2, 16, List.of(lane),
                new SimpleMeterRegistry());

        assertEquals(new OutboxDrain.Pass(true, 44, 44, 0, 0), drain.drainOnce());

        assertEquals(List.of(lane, lane, lane, lane), handed.subList(0, 4).stream().map(row -> row.topic).toList(),
                "the lane's rows first");
        assertEquals(written, handed.subList(4, 44).stream().map(row -> row.eventId).toList(),
                "then the email rows of both topics in the order they were written");
        assertEquals(8, handed.subList(0, 12).stream().filter(row -> row.topic.equals(created)
                || row.topic.equals(pending)).count(), "the first batch filled up behind the lane");
        assertEquals(20, TopicReader.read(bootstrap, pending, 20).size());
    }

    /**
     * A row whose transaction took its id before rows that committed and were published first: the next pass carries
     * on after the published rows (it does not see the late row, the position survived), the next re-scan publishes it.
     */
    @Test
    void shouldPublishARowCommittedLateWithALowerIdAtTheNextRescan() throws SQLException {
        AtomicLong millis = new AtomicLong();
        OutboxDrain drain = drainOnClock(millis, List.of());
        schema.insertOutboxRow(topic, "k", "{\"n\":0}");
        assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), drainAt(drain, millis, 0), "the first, full scan");

        try (Connection late = schema.dataSource().getConnection()) {
            late.setAutoCommit(false);
            insertRow(late, "{\"late\":true}");
            schema.insertOutboxRow(topic, "k", "{\"n\":1}");
            schema.insertOutboxRow(topic, "k", "{\"n\":2}");
            assertEquals(new OutboxDrain.Pass(true, 2, 2, 0, 0), drainAt(drain, millis, 600),
                    "the rows committed after the open transaction's id go out");
            drainAt(drain, millis, 610);
            late.commit();
        }
        assertEquals(new OutboxDrain.Pass(true, 0, 0, 0, 0), drainAt(drain, millis, 650),
                "a pass carries on after the last published id: the late row lies behind it");
        assertEquals(1, schema.count("SELECT count(*) FROM outbox_event"));

        assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), drainAt(drain, millis, 900),
                "the re-scan, from where the relay was 500 ms before, finds it");
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event"));
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"late\":true}"),
                TopicReader.read(bootstrap, topic, 4).stream().map(ConsumerRecord::value).toList());
    }

    /** A row that commits later than the re-scans reach back is published by the next full scan, not lost. */
    @Test
    void shouldPublishARowCommittedLaterThanTheLookBackAtTheNextFullScan() throws SQLException {
        AtomicLong millis = new AtomicLong();
        OutboxDrain drain = drainOnClock(millis, List.of());
        schema.insertOutboxRow(topic, "k", "{\"n\":0}");
        drainAt(drain, millis, 0);
        try (Connection late = schema.dataSource().getConnection()) {
            late.setAutoCommit(false);
            insertRow(late, "{\"late\":true}");
            schema.insertOutboxRow(topic, "k", "{\"n\":1}");
            assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), drainAt(drain, millis, 100));
            for (long at = 300; at <= 1_200; at += 100) {
                drainAt(drain, millis, at);
            }
            late.commit();
        }
        for (long at = 1_300; at < 5_000; at += 100) {
            assertEquals(0, drainAt(drain, millis, at).batch(), "at " + at + " ms: the re-scans start after it");
        }
        assertEquals(1, schema.count("SELECT count(*) FROM outbox_event"));

        assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), drainAt(drain, millis, 5_000), "the full scan");
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"late\":true}"),
                TopicReader.read(bootstrap, topic, 3).stream().map(ConsumerRecord::value).toList());
    }

    /** The same relay keeps its rows while the broker is away and sends them again, in order, once it is back. */
    @Test
    void shouldReadTheKeptRowsAgainInOrderWhenTheBrokerIsBack() {
        AtomicLong millis = new AtomicLong();
        AtomicBoolean brokerAway = new AtomicBoolean();
        OutboxPublisher unreachable = publisher(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000));
        OutboxPublisher switching = new OutboxPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000)) {
            @Override
            InFlight send(List<OutboxEvent> rows) {
                return brokerAway.get() ? unreachable.send(rows) : super.send(rows);
            }
        };
        publishers.add(switching);
        OutboxDrain drain = new OutboxDrain(schema.dataSource(), switching, 2, 1, 3, List.of(),
                new OutboxReadPositions(Duration.ofMillis(500), Duration.ofSeconds(5), () -> millis.get() * 1_000_000),
                new SimpleMeterRegistry());
        for (int n = 1; n <= 3; n++) {
            schema.insertOutboxRow(topic, "k", "{\"n\":" + n + "}");
        }
        assertEquals(new OutboxDrain.Pass(true, 3, 3, 0, 0), drainAt(drain, millis, 0));
        for (int n = 4; n <= 8; n++) {
            schema.insertOutboxRow(topic, "k", "{\"n\":" + n + "}");
        }

        brokerAway.set(true);
        assertEquals(new OutboxDrain.Pass(true, 2, 0, 0, 2), drainAt(drain, millis, 10),
                "the first batch is not acknowledged: nothing more is read");
        brokerAway.set(false);

        assertEquals(new OutboxDrain.Pass(true, 5, 5, 0, 0), drainAt(drain, millis, 20));
        assertEquals(0, schema.count("SELECT count(*) FROM outbox_event"));
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}",
                "{\"n\":7}", "{\"n\":8}"),
                TopicReader.read(bootstrap, topic, 8).stream().map(ConsumerRecord::value).toList());
    }

    /** Passes whose clock the test sets: batches of 10, a 500 ms look-back, a full scan every 5 s. */
    private OutboxDrain drainOnClock(AtomicLong millis, List<String> lane) {
        return new OutboxDrain(schema.dataSource(), publisher(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000)), 10,
                1, 1, lane, new OutboxReadPositions(Duration.ofMillis(500), Duration.ofSeconds(5),
                        () -> millis.get() * 1_000_000), new SimpleMeterRegistry());
    }

    private static OutboxDrain.Pass drainAt(OutboxDrain drain, AtomicLong millis, long at) {
        millis.set(at);
        return drain.drainOnce();
    }

    /** Inserts a row of the test topic in the caller's open transaction (its id taken now, visible at commit). */
    private void insertRow(Connection connection, String payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_event (event_id, topic, "
                + "message_key, event_type, source, subject, occurred_at, payload) VALUES (?, ?, 'k', "
                + "'dev.mailroom.test', '/eventing-tests', 'k', now(), ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, topic);
            insert.setString(3, payload);
            insert.executeUpdate();
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OutboxDrain drain(OutboxPublisher publisher, int batchSize) {
        return new OutboxDrain(schema.dataSource(), publisher, batchSize, new SimpleMeterRegistry());
    }

    private OutboxPublisher publisher(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.putAll(overrides);
        OutboxPublisher publisher = new OutboxPublisher(config);
        publishers.add(publisher);
        return publisher;
    }

    /** The topic holds the ten rows of each key, {"sequence":0} to 9, in that order. */
    private void assertTenInOrderPerKey(List<String> keys) {
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : TopicReader.read(bootstrap, topic, 40)) {
            perKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
        }
        for (String key : keys) {
            List<String> expected = new ArrayList<>();
            for (int sequence = 0; sequence < 10; sequence++) {
                expected.add("{\"sequence\":" + sequence + "}");
            }
            assertEquals(expected, perKey.get(key), "order of key " + key);
        }
    }
}
