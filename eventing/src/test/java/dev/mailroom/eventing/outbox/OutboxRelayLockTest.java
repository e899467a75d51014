package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mailroom.eventing.EventingSchema;
import dev.mailroom.eventing.LocalStackExtension;
import dev.mailroom.eventing.TopicReader;
import dev.mailroom.localstack.StackAddresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The relay lock is per schema: while one relay of a service is in the middle of a pass, a second relay of the same
 * service publishes nothing, and a relay of another service (another schema of the same database) publishes.
 */
@ExtendWith(LocalStackExtension.class)
class OutboxRelayLockTest {

    private String bootstrap;
    private EventingSchema activity;
    private EventingSchema router;
    private PausingPublisher paused;
    private OutboxPublisher plain;
    private String topic;

    @BeforeEach
    void setUp(StackAddresses stack) {
        bootstrap = stack.get(StackAddresses.KAFKA_BOOTSTRAP);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        activity = new EventingSchema(stack, "lock_activity_" + suffix);
        router = new EventingSchema(stack, "lock_router_" + suffix);
        paused = new PausingPublisher(Map.of("bootstrap.servers", bootstrap));
        plain = new OutboxPublisher(Map.of("bootstrap.servers", bootstrap));
        topic = "outbox-lock-" + suffix;
    }

    @AfterEach
    void closePublishers() {
        paused.release.countDown();
        paused.close();
        plain.close();
    }

    @Test
    void shouldLetOtherSchemasPublishButNeverTwoRelaysOfOneSchema() throws Exception {
        activity.insertOutboxRow(topic, "activity", "{\"n\":1}");
        router.insertOutboxRow(topic, "router", "{\"n\":2}");
        OutboxDrain activityRelay = new OutboxDrain(activity.dataSource(), paused, 10, new SimpleMeterRegistry());
        OutboxDrain secondActivityRelay = new OutboxDrain(activity.dataSource(), plain, 10, new SimpleMeterRegistry());
        OutboxDrain routerRelay = new OutboxDrain(router.dataSource(), plain, 10, new SimpleMeterRegistry());

        CompletableFuture<OutboxDrain.Pass> first = CompletableFuture.supplyAsync(activityRelay::drainOnce);
        assertTrue(paused.entered.await(60, TimeUnit.SECONDS), "the first relay reached Kafka");

        OutboxDrain.Pass second = secondActivityRelay.drainOnce();
        OutboxDrain.Pass other = routerRelay.drainOnce();

        assertEquals(new OutboxDrain.Pass(false, 0, 0, 0, 0), second, "same schema: locked out");
        assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), other, "other schema: published meanwhile");
        List<ConsumerRecord<String, String>> published = TopicReader.read(bootstrap, topic, 1);
        assertEquals("router", published.get(0).key(), "the other schema's event is out before the first relay's");
        paused.release.countDown();
        assertEquals(new OutboxDrain.Pass(true, 1, 1, 0, 0), first.get(60, TimeUnit.SECONDS));
        assertEquals(0, activity.count("SELECT count(*) FROM outbox_event"));
    }

    /** Holds the relay inside its pass (lock taken, rows read) until the test releases it. */
    private static final class PausingPublisher extends OutboxPublisher {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        PausingPublisher(Map<String, Object> config) {
            super(config);
        }

        @Override
        InFlight send(List<OutboxEvent> rows) {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(rows);
        }
    }
}
