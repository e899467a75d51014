package dev.mailroom.eventing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.KafkaTestClient;

/**
 * Runs docs/events/ExampleConsumer.java exactly as docs/events/README.md tells a user to (single-file source, the
 * local stack's recorded classpath), against the real broker.
 */
@ExtendWith(LocalStackExtension.class)
class ExampleConsumerTest {

    private static final Path EXAMPLE = Path.of("..", "docs", "events", "ExampleConsumer.java");

    @Test
    void shouldPrintEachCloudEventOnceEvenWhenDeliveredTwice(StackAddresses stack) throws Exception {
        String bootstrap = stack.get(StackAddresses.KAFKA_BOOTSTRAP);
        String topic = "example-consumer-" + UUID.randomUUID();
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String activity = UUID.randomUUID().toString();
        kafka.publishCloudEvent(topic, activity, first, EmailStatusChanged.TYPE, "{\"statuscode\":7}");
        kafka.publishCloudEvent(topic, activity, first, EmailStatusChanged.TYPE, "{\"statuscode\":7}");
        kafka.publishCloudEvent(topic, activity, second, EmailStatusChanged.TYPE, "{\"statuscode\":3}");

        List<String> printed = run(bootstrap, topic, 2);

        assertEquals(List.of(
                EmailStatusChanged.TYPE + " " + first + " key=" + activity + " {\"statuscode\":7}",
                EmailStatusChanged.TYPE + " " + second + " key=" + activity + " {\"statuscode\":3}"), printed);
    }

    private static List<String> run(String bootstrap, String topic, int events) throws Exception {
        Path scratch = Path.of(System.getProperty("mailroom.scratch.dir", "target/scratch"));
        Files.createDirectories(scratch);
        Path output = scratch.resolve("example-consumer.out");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", stackClasspath(), EXAMPLE.toString(),
                bootstrap, topic, String.valueOf(events))
                .redirectOutput(output.toFile())
                .redirectError(scratch.resolve("example-consumer.err").toFile())
                .start();
        // A bound against a hung example, not a timing expectation.
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertTrue(exited, "the example consumer did not stop after " + events + " events");
        assertEquals(0, process.exitValue(), "exit status; see " + scratch.resolve("example-consumer.err"));
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    /** The classpath docs/events/README.md uses: kafka-clients and a logging binding, recorded by local-stack. */
    private static String stackClasspath() throws IOException {
        try (InputStream in = LocalStackLauncher.class.getResourceAsStream("stack-classpath.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
