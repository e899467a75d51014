import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load generator for bench/router-throughput.sh: publishes EmailPending CloudEvents (binary mode, keyed by activity
 * id, as activity-service's outbox does) straight onto the pending topic.
 *
 * <pre>java -cp kafka-clients... bench/PendingLoad.java BOOTSTRAP COUNT BODY_BYTES [--serve]</pre>
 *
 * Publishes COUNT events, then, with {@code --serve}, stays up and publishes one more backlog per line read from
 * stdin (the line is its size) until stdin closes. Each backlog is flushed and then acknowledged on stdout with
 * "published N". The benchmark keeps one such process for its whole run, so that the measured backlog comes from a
 * producer already warm (JIT-compiled, connected, its metadata fetched) rather than from a JVM that compiles this
 * file and starts while the router is being measured.
 */
public final class PendingLoad {

    private PendingLoad() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int first = Integer.parseInt(args[1]);
        String body = "<p>" + "x".repeat(Math.max(Integer.parseInt(args[2]) - 7, 0)) + "</p>";
        boolean serve = args.length > 3 && "--serve".equals(args[3]);
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("linger.ms", "20");
        config.put("batch.size", "262144");
        config.put("compression.type", "none");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            // Numbered across backlogs, so every email of the run has its own recipient, subject and token.
            int next = publish(producer, body, 0, first);
            if (serve) {
                BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                    if (!line.isBlank()) {
                        next = publish(producer, body, next, Integer.parseInt(line.trim()));
                    }
                }
            }
        }
    }

    /** Publishes {@code count} events numbered from {@code from}, flushes, acknowledges; returns the next number. */
    private static int publish(KafkaProducer<String, String> producer, String body, int from, int count) {
        for (int i = from; i < from + count; i++) {
            UUID activityId = UUID.randomUUID();
            UUID eventId = UUID.randomUUID();
            String json = "{\"eventId\":\"" + eventId + "\",\"occurredAt\":\"" + Instant.now()
                    + "\",\"activityId\":\"" + activityId + "\",\"senderMailbox\":\"bench@mailroom.test\","
                    + "\"from\":\"bench@mailroom.test\",\"to\":[\"rcpt-" + i + "@example.com\"],\"cc\":[],"
                    + "\"bcc\":[],\"subject\":\"Bench " + i + "\",\"htmlBody\":\"" + body + "\","
                    + "\"trackingToken\":\"CRM:" + i + "\"}";
            RecordHeaders headers = new RecordHeaders();
            headers.add("ce_specversion", bytes("1.0"));
            headers.add("ce_id", bytes(eventId.toString()));
            headers.add("ce_type", bytes("dev.mailroom.email.pending"));
            headers.add("ce_source", bytes("/bench"));
            headers.add("content-type", bytes("application/json"));
            producer.send(new ProducerRecord<>("email-pending", null, activityId.toString(), json, headers));
        }
        producer.flush();
        System.out.println("published " + count);
        System.out.flush();
        return from + count;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
