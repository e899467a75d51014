import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load generator for bench/router-throughput.sh: publishes N EmailPending CloudEvents (binary mode, keyed by
 * activity id, as activity-service's outbox does) straight onto the pending topic.
 *
 * <pre>java -cp kafka-clients... bench/PendingLoad.java BOOTSTRAP COUNT BODY_BYTES</pre>
 */
public final class PendingLoad {

    private PendingLoad() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int count = Integer.parseInt(args[1]);
        String body = "<p>" + "x".repeat(Math.max(Integer.parseInt(args[2]) - 7, 0)) + "</p>";
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("linger.ms", "20");
        config.put("batch.size", "262144");
        config.put("compression.type", "none");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
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
        }
        System.out.println("published " + count);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
