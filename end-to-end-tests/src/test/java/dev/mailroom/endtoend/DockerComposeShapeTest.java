package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.mailroom.events.Topics;
import dev.mailroom.localstack.MailroomService;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked statically: it parses, every service it
 * builds exists with its Dockerfile, and ports and variable names match what the services actually read.
 */
class DockerComposeShapeTest {

    private static Path root;
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
        services = compose.get("services");
        assertTrue(services != null && services.isObject(), "docker-compose.yml has a services map");
    }

    @Test
    void shouldRunTheProductionShapedInfrastructure() {
        for (String name : Set.of("kafka", "kafka-topics", "postgres", "minio", "minio-init", "mailpit")) {
            assertTrue(services.has(name), "compose runs " + name);
        }
        assertTrue(services.get("postgres").has("healthcheck"), "the database has a health check");
        assertTrue(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText().contains("controller"),
                "Kafka runs in KRaft mode");
    }

    @Test
    void shouldCreateEveryTopicTheServicesUse() {
        String command = services.get("kafka-topics").get("command").toString();
        for (String topic : Topics.ALL) {
            assertTrue(command.contains("--topic " + topic + " "), "kafka-topics creates " + topic);
        }
    }

    @Test
    void shouldOnlyDependOnServicesThatExist() {
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode dependsOn = service.getValue().get("depends_on");
            if (dependsOn != null) {
                dependsOn.fieldNames().forEachRemaining(dependency ->
                        assertTrue(services.has(dependency), service.getKey() + " depends on unknown " + dependency));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MailroomService.class)
    void shouldBuildEachServiceFromItsDockerfileOnItsPort(MailroomService mailroom) throws IOException {
        JsonNode service = services.get(mailroom.folder());
        assertTrue(service != null, "compose runs " + mailroom.folder());
        Path context = root.resolve(service.get("build").get("context").asText()).normalize();
        assertEquals(root.resolve(mailroom.folder()), context);
        Path dockerfile = context.resolve(service.get("build").get("dockerfile").asText());
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");

        String port = ServiceSettings.applicationProperties(root, mailroom).getProperty("quarkus.http.port");
        assertEquals(port + ":" + port, service.get("ports").get(0).asText());
        assertTrue(Files.readString(dockerfile).contains("EXPOSE " + port), dockerfile + " exposes " + port);
        assertTrue(service.get("healthcheck").get("test").toString().contains(":" + port + "/q/health/ready"));
    }

    @ParameterizedTest
    @EnumSource(MailroomService.class)
    void shouldOnlySetVariablesTheServiceReads(MailroomService mailroom) throws IOException {
        Set<String> known = ServiceSettings.environmentNames(root, mailroom);
        JsonNode environment = services.get(mailroom.folder()).get("environment");
        assertTrue(environment.has("KAFKA_BOOTSTRAP_SERVERS") && environment.has("QUARKUS_DATASOURCE_JDBC_URL"));
        environment.fieldNames().forEachRemaining(name ->
                assertTrue(known.contains(name), mailroom.folder() + " does not read " + name));
    }
}
