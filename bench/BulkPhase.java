import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The bulk benchmark's "fan-out alone" phase, through Kafka's admin API: a first job is fanned out while no router
 * consumes, and its emails must then never be sent, so that the second job's end-to-end figure and the sink's
 * exactly-once count are that job's alone.
 * <ul>
 * <li>{@code wait-published BOOTSTRAP TOPIC N}: waits until TOPIC holds at least N records (the relay has published
 * the first job's events);</li>
 * <li>{@code wait-consumed BOOTSTRAP GROUP TOPIC}: waits until GROUP has committed the end of every partition of TOPIC
 * (activity-service has stored the first job's emails);</li>
 * <li>{@code skip BOOTSTRAP GROUP TOPIC}: commits the end of every partition of TOPIC for GROUP, which must have no
 * member yet (the router, before it starts), so that it starts after the records written so far.</li>
 * </ul>
 * Usage: java -cp <stack classpath> bench/BulkPhase.java COMMAND ARGS...
 */
public class BulkPhase {
    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
        try (Admin admin = Admin.create(config)) {
            switch (args[0]) {
                case "wait-published" -> {
                    long want = Long.parseLong(args[3]);
                    while (records(admin, ends(admin, args[2])) < want) {
                        Thread.sleep(500);
                    }
                }
                case "wait-consumed" -> {
                    while (!consumed(committed(admin, args[2]), ends(admin, args[3]))) {
                        Thread.sleep(500);
                    }
                }
                case "skip" -> {
                    Map<TopicPartition, OffsetAndMetadata> at = ends(admin, args[3]).entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
                    admin.alterConsumerGroupOffsets(args[2], at).all().get();
                    System.out.println("Skipped " + records(admin, ends(admin, args[3])) + " records of " + args[3]
                            + " for " + args[2]);
                }
                default -> throw new IllegalArgumentException("Unknown command " + args[0]);
            }
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Whether every partition that holds records has been committed up to its end. */
    private static boolean consumed(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                || committed.getOrDefault(e.getKey(), -1L).longValue() == e.getValue().longValue());
    }

    private static long records(Admin admin, Map<TopicPartition, Long> ends) {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }
}
