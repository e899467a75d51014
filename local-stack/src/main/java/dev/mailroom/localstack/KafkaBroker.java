package dev.mailroom.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import dev.mailroom.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single-node Apache Kafka broker in KRaft mode (combined broker and controller), in this JVM.
 * Formatting goes through {@link Formatter} because the command-line tools call {@code System.exit}.
 */
final class KafkaBroker implements StackComponent {

    /** Enough partitions to show per-key ordering and several consumers, few enough for 2 cores. */
    static final int PARTITIONS = 3;
    /** Pending mail: room for a group of up to 12 routers, as in docker-compose.yml. */
    static final int PENDING_PARTITIONS = 12;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    KafkaBroker(Path dataDir, FreePorts ports) {
        this.dataDir = dataDir;
        this.port = ports.port(9092);
        this.controllerPort = FreePorts.anyFreePort();
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dataDir);
        Properties config = brokerConfig();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setIgnoreFormatted(true);
        formatter.run();
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        createTopics();
    }

    private Properties brokerConfig() {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", dataDir.toString());
        config.put("num.partitions", String.valueOf(PARTITIONS));
        // A single node must not wait for replicas that will never exist (transactions hang otherwise).
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "3");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "3");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    /** Topics exist before any service starts, with the partition count the design relies on. */
    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                int partitions = Topics.EMAIL_PENDING.equals(topic) ? PENDING_PARTITIONS : PARTITIONS;
                NewTopic created = new NewTopic(topic, partitions, (short) 1);
                if (Topics.COMPACTED.contains(topic)) {
                    created.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(created);
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            // Looking up a group coordinator creates __consumer_offsets now, not when the first service joins its
            // group: otherwise the first email of a fresh stack waits seconds for the router's partitions.
            admin.listConsumerGroupOffsets("local-stack-warm-up").partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(StackAddresses.KAFKA_BOOTSTRAP, bootstrapServers());
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
