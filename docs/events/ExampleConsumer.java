import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer of Mailroom's events with nothing but kafka-clients: prints each CloudEvent's type, id, key and JSON
 * payload. Arguments: bootstrap servers, topic, and optionally how many events to print before it exits.
 */
public class ExampleConsumer {

    public static void main(String[] args) {
        String bootstrapServers = args.length > 0 ? args[0] : "127.0.0.1:9092";
        String topic = args.length > 1 ? args[1] : "email-status";
        long maxEvents = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;

        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("group.id", "mailroom-example-consumer");
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());

        // Delivery is at least once: skip an id seen before. A real consumer records ce_id in its own database, in
        // the transaction that applies the event.
        Set<String> seen = new HashSet<>();
        long printed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (printed < maxEvents) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    String id = header(record, "ce_id");
                    String type = header(record, "ce_type");
                    if (id == null || type == null || !seen.add(id)) {
                        continue;
                    }
                    // Dispatch on the type, which carries the version; skip types you do not know.
                    System.out.println(type + " " + id + " key=" + record.key() + " " + record.value());
                    printed++;
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
