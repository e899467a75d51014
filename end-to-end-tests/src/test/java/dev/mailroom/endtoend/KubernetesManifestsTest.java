package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.mailroom.events.Topics;
import dev.mailroom.localstack.MailroomService;

/**
 * deploy/k8s cannot be applied here (no cluster), so every overlay is rendered with {@code kubectl kustomize}, which
 * works offline, and the rendered objects are checked: hardened, probed Deployments for every service, every topic
 * as a Strimzi KafkaTopic, and every variable compose sets for a service set in its Deployment too.
 */
class KubernetesManifestsTest {

    private static final List<String> OVERLAYS = List.of("local", "production");
    private static final String NAMESPACE = "mailroom";

    private static Path root;
    private static JsonNode composeServices;
    private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();
    private static List<JsonNode> renderedBase;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        composeServices = new ObjectMapper(new YAMLFactory())
                .readTree(root.resolve("docker-compose.yml").toFile()).get("services");
        for (String overlay : OVERLAYS) {
            RENDERED.put(overlay, kustomize(root.resolve("deploy/k8s/overlays").resolve(overlay)));
        }
        renderedBase = kustomize(root.resolve("deploy/k8s/base"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldRenderKubernetesObjectsAndNoSecretValues(String overlay) {
        for (JsonNode object : RENDERED.get(overlay)) {
            String name = object.path("metadata").path("name").asText();
            assertFalse(object.path("apiVersion").asText().isEmpty(), overlay + ": an object without apiVersion");
            assertFalse(object.path("kind").asText().isEmpty(), overlay + ": " + name + " has no kind");
            assertFalse(name.isEmpty(), overlay + ": a " + object.path("kind").asText() + " without a name");
            assertEquals(NAMESPACE, object.path("metadata").path("namespace").asText(), overlay + ": " + name);
            assertFalse(object.path("kind").asText().equals("Secret"), overlay + ": Secret " + name
                    + " is committed; secrets are created with kubectl create secret (deploy/README.md)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldProbeLimitAndHardenEveryDeployment(String overlay) {
        List<JsonNode> deployments = objects(overlay, "Deployment");
        assertFalse(deployments.isEmpty());
        for (JsonNode deployment : deployments) {
            String name = overlay + "/" + deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            Set<String> emptyDirs = new HashSet<>();
            pod.path("volumes").forEach(volume -> {
                if (volume.has("emptyDir")) {
                    emptyDirs.add(volume.path("name").asText());
                }
            });
            for (JsonNode container : pod.path("containers")) {
                assertTrue(container.has("readinessProbe"), name + " has a readiness probe");
                assertTrue(container.has("livenessProbe"), name + " has a liveness probe");
                JsonNode resources = container.path("resources");
                for (String bound : List.of("requests", "limits")) {
                    assertTrue(resources.path(bound).has("cpu") && resources.path(bound).has("memory"),
                            name + " has CPU and memory " + bound);
                }
                JsonNode security = container.path("securityContext");
                assertTrue(security.path("runAsNonRoot").asBoolean(
                        pod.path("securityContext").path("runAsNonRoot").asBoolean()), name + " runs as non-root");
                assertTrue(security.has("allowPrivilegeEscalation")
                        && !security.path("allowPrivilegeEscalation").asBoolean(), name + " cannot escalate");
                assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), name + " has a read-only root");
                assertTrue(texts(security.path("capabilities").path("drop")).contains("ALL"),
                        name + " drops all capabilities");
                boolean writableTmp = false;
                for (JsonNode mount : container.path("volumeMounts")) {
                    writableTmp |= mount.path("mountPath").asText().equals("/tmp")
                            && emptyDirs.contains(mount.path("name").asText());
                }
                assertTrue(writableTmp, name + " has an emptyDir at /tmp");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldRunEachServiceOnItsPortWithQuarkusHealthChecks(String overlay) throws IOException {
        for (MailroomService service : MailroomService.values()) {
            String name = overlay + "/" + service.folder();
            int port = Integer.parseInt(
                    ServiceSettings.applicationProperties(root, service).getProperty("quarkus.http.port"));
            JsonNode container = container(overlay, service);
            assertEquals(port, container.path("ports").path(0).path("containerPort").asInt(), name + " port");
            assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(),
                    name + " readiness");
            assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(),
                    name + " liveness");
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                assertEquals(port, portNumber(container, container.path(probe).path("httpGet").path("port")),
                        name + " " + probe + " port");
            }
            JsonNode kubeService = object(overlay, "Service", service.folder());
            assertEquals(port, kubeService.path("spec").path("ports").path(0).path("port").asInt(), name);
            assertEquals("http", kubeService.path("spec").path("ports").path(0).path("name").asText(),
                    name + ": the ServiceMonitor scrapes the port named http");
            assertNotNull(object(overlay, "PodDisruptionBudget", service.folder()), name + " has a PDB");
            JsonNode policy = object(overlay, "NetworkPolicy", service.folder());
            assertEquals(service.folder(), policy.path("spec").path("podSelector").path("matchLabels")
                    .path("app.kubernetes.io/name").asText(), name + " network policy selects its pods");
            assertTrue(texts(policy.path("spec").path("policyTypes")).containsAll(List.of("Ingress", "Egress")),
                    name + " network policy restricts both directions");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldSetEveryVariableComposeSetsAndOnlyVariablesTheServiceReads(String overlay) throws IOException {
        for (MailroomService service : MailroomService.values()) {
            String name = overlay + "/" + service.folder();
            Map<String, JsonNode> environment = environment(overlay, container(overlay, service));
            Set<String> composeNames = new HashSet<>();
            composeServices.path(service.folder()).path("environment").fieldNames()
                    .forEachRemaining(composeNames::add);
            assertFalse(composeNames.isEmpty(), service.folder() + " has an environment in docker-compose.yml");
            // Compose signs service tokens with the local identity key; a cluster asks its provider for them.
            composeNames.remove("MAILROOM_SERVICE_TOKEN_LOCAL_IDENTITY_DIR");
            for (String variable : composeNames) {
                assertTrue(environment.containsKey(variable), name + " sets " + variable + " as compose does");
            }
            Set<String> known = ServiceSettings.environmentNames(root, service);
            for (String variable : environment.keySet()) {
                assertTrue(known.contains(variable), name + " does not read " + variable);
            }
            for (String secret : List.of("QUARKUS_DATASOURCE_PASSWORD", "ATTACHMENTS_STORAGE_SECRET_KEY")) {
                if (environment.containsKey(secret)) {
                    assertTrue(environment.get(secret).has("secretKeyRef"), name + " takes " + secret
                            + " from a Secret");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldDeclareEveryTopicAsAStrimziKafkaTopic(String overlay) {
        Set<String> clusters = new HashSet<>();
        objects(overlay, "Kafka").forEach(kafka -> clusters.add(kafka.path("metadata").path("name").asText()));
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode topic : objects(overlay, "KafkaTopic")) {
            assertEquals("kafka.strimzi.io/v1beta2", topic.path("apiVersion").asText());
            String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
            topics.put(name, topic);
            assertTrue(clusters.contains(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()),
                    overlay + ": " + name + " belongs to the Kafka cluster of the overlay");
            assertTrue(topic.path("spec").path("config").has("retention.ms"), overlay + ": " + name + " retention");
        }
        for (String topic : Topics.ALL) {
            assertTrue(topics.containsKey(topic), overlay + " declares " + topic);
        }
        assertEquals(12, topics.get(Topics.EMAIL_PENDING).path("spec").path("partitions").asInt(),
                overlay + ": email-pending has 12 partitions, as in compose and the router README");
    }

    @Test
    void shouldReplicateTopicsAndScaleConsumersWithinTheirPartitionsInProduction() {
        String overlay = "production";
        for (JsonNode topic : objects(overlay, "KafkaTopic")) {
            String name = topic.path("metadata").path("name").asText();
            assertEquals(3, topic.path("spec").path("replicas").asInt(), name + " has three replicas");
            assertEquals(2, topic.path("spec").path("config").path("min.insync.replicas").asInt(), name);
        }
        assertEquals(3, objects(overlay, "KafkaNodePool").stream()
                .filter(pool -> texts(pool.path("spec").path("roles")).contains("broker"))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum(), "three brokers hold 3 replicas");
        Map<MailroomService, String> consumed = Map.of(MailroomService.ROUTER, Topics.EMAIL_PENDING,
                MailroomService.BULK_MAIL, Topics.BULK_MAIL_REQUESTED);
        consumed.forEach((service, topic) -> {
            // The base's CPU autoscalers: what production runs where KEDA is not installed.
            JsonNode autoscaler = renderedBase.stream()
                    .filter(o -> o.path("kind").asText().equals("HorizontalPodAutoscaler")
                            && o.path("metadata").path("name").asText().equals(service.folder()))
                    .findFirst().orElseThrow(() -> new AssertionError("no HPA for " + service.folder()));
            assertEquals("cpu", autoscaler.path("spec").path("metrics").path(0).path("resource").path("name").asText());
            assertTrue(autoscaler.path("spec").path("maxReplicas").asInt()
                    <= object(overlay, "KafkaTopic", topic).path("spec").path("partitions").asInt(),
                    service.folder() + " never runs more consumers than " + topic + " has partitions");
        });
    }

    @Test
    void shouldScrapeEveryServiceInProduction() {
        String overlay = "production";
        List<JsonNode> monitors = objects(overlay, "ServiceMonitor");
        assertEquals(1, monitors.size());
        JsonNode monitor = monitors.get(0);
        assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
        assertEquals("/q/metrics", monitor.path("spec").path("endpoints").path(0).path("path").asText());
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label -> {
            for (MailroomService service : MailroomService.values()) {
                assertEquals(label.getValue().asText(), object(overlay, "Service", service.folder())
                        .path("metadata").path("labels").path(label.getKey()).asText(), "scraped: " + service);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldGiveTheRouterTimeToHandOverSends(String overlay) {
        JsonNode pod = object(overlay, "Deployment", MailroomService.ROUTER.folder()).path("spec").path("template")
                .path("spec");
        JsonNode container = container(overlay, MailroomService.ROUTER);
        JsonNode grace = environment(overlay, container).get("ROUTER_SHUTDOWN_GRACE");
        assertNotNull(grace, overlay + ": router-service sets ROUTER_SHUTDOWN_GRACE");
        assertTrue(grace.asText().matches("\\d+s"), "in seconds: " + grace);
        int graceSeconds = Integer.parseInt(grace.asText().replace("s", ""));
        JsonNode preStop = container.path("lifecycle").path("preStop").path("exec").path("command");
        int preStopSeconds = preStop.path(0).asText().equals("sleep") ? preStop.path(1).asInt() : 0;
        // The kubelet counts preStop inside the grace period; then the router needs the shutdown grace for the sends
        // in flight and some seconds to commit its offsets and close the consumer before SIGKILL.
        assertTrue(preStopSeconds + graceSeconds + 15 <= pod.path("terminationGracePeriodSeconds").asInt(),
                overlay + ": preStop " + preStopSeconds + " s + shutdown grace " + graceSeconds
                        + " s + 15 s fit in terminationGracePeriodSeconds");
        // Longer than a wave of SMTP sends (router.smtp.timeout, 30 s).
        assertTrue(graceSeconds > 30, "the grace outlasts one SMTP exchange's timeout");
    }

    @Test
    void shouldScaleRoutersAndBulkSendersOnConsumerLagInProduction() {
        Map<String, String> topics = Map.of(MailroomService.ROUTER.folder(), Topics.EMAIL_PENDING,
                MailroomService.BULK_MAIL.folder(), Topics.BULK_MAIL_REQUESTED);
        assertEquals(topics.keySet(), names("production", "ScaledObject"));
        for (Map.Entry<String, String> scaled : topics.entrySet()) {
            JsonNode spec = object("production", "ScaledObject", scaled.getKey()).path("spec");
            assertEquals(scaled.getKey(), spec.path("scaleTargetRef").path("name").asText());
            assertTrue(spec.path("minReplicaCount").asInt() >= 2, scaled.getKey() + " keeps two pods");
            JsonNode kafka = trigger(spec, "kafka");
            assertNotNull(kafka, scaled.getKey() + " scales on Kafka lag");
            JsonNode metadata = kafka.path("metadata");
            assertEquals(scaled.getValue(), metadata.path("topic").asText());
            assertEquals(consumerGroup(scaled.getKey(), scaled.getValue()), metadata.path("consumerGroup").asText(),
                    scaled.getKey() + ": the lag of the group the service consumes in");
            assertTrue(metadata.path("bootstrapServers").asText().startsWith("mailroom-kafka-bootstrap"));
            assertTrue(metadata.path("lagThreshold").asInt() > 0);
            assertNotNull(trigger(spec, "cpu"), scaled.getKey() + " still scales on CPU");
            // More consumers than partitions would sit idle.
            assertTrue(spec.path("maxReplicaCount").asInt() <= object("production", "KafkaTopic", scaled.getValue())
                    .path("spec").path("partitions").asInt(), scaled.getKey() + " stays within the partitions");
        }
        // KEDA creates and owns the HPA of a scaled Deployment: a second one would fight it.
        assertTrue(names("production", "HorizontalPodAutoscaler").stream().noneMatch(topics::containsKey),
                "no CPU HPA beside a ScaledObject");
    }

    @Test
    void shouldScaleOnCpuWhereKedaIsNotInstalled() {
        assertTrue(names("local", "ScaledObject").isEmpty(), "kind has no KEDA");
        JsonNode base = renderedBase.stream().filter(o -> o.path("kind").asText().equals("HorizontalPodAutoscaler"))
                .findFirst().orElseThrow(() -> new AssertionError("the base keeps its CPU HPAs"));
        assertEquals("cpu", base.path("spec").path("metrics").path(0).path("resource").path("name").asText());
    }

    private static JsonNode trigger(JsonNode scaledObjectSpec, String type) {
        for (JsonNode trigger : scaledObjectSpec.path("triggers")) {
            if (trigger.path("type").asText().equals(type)) {
                return trigger;
            }
        }
        return null;
    }

    /** The group.id a service's channel for the topic declares, or SmallRye's default: the application name. */
    private static String consumerGroup(String service, String topic) {
        java.util.Properties properties = new java.util.Properties();
        try (InputStream in = java.nio.file.Files.newInputStream(
                root.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties.getProperty("mp.messaging.incoming." + topic + ".group.id",
                properties.getProperty("quarkus.application.name"));
    }

    private static Set<String> names(String overlay, String kind) {
        Set<String> names = new HashSet<>();
        objects(overlay, kind).forEach(object -> names.add(object.path("metadata").path("name").asText()));
        return names;
    }

    private static List<JsonNode> kustomize(Path overlay) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render deploy/k8s (Debian: apt-get install kubectl)", e);
        }
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String rendered = read(process.getInputStream());
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "kubectl kustomize " + overlay + " finishes");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + overlay + ": " + errors.join());
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(rendered)) {
            documents.forEachRemaining(objects::add);
        }
        assertFalse(objects.isEmpty(), overlay + " renders objects");
        return objects;
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> objects(String overlay, String kind) {
        return RENDERED.get(overlay).stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode object(String overlay, String kind, String name) {
        return objects(overlay, kind).stream()
                .filter(object -> object.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " has no " + kind + " " + name));
    }

    private static JsonNode container(String overlay, MailroomService service) {
        JsonNode containers = object(overlay, "Deployment", service.folder())
                .path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), service.folder() + " runs one container");
        return containers.get(0);
    }

    /** Every variable of a container: env entries (value or valueFrom) and the keys of its envFrom ConfigMaps. */
    private static Map<String, JsonNode> environment(String overlay, JsonNode container) {
        Map<String, JsonNode> environment = new HashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            assertTrue(source.has("configMapRef"), "envFrom only takes ConfigMaps: " + source);
            JsonNode configMap = object(overlay, "ConfigMap", source.path("configMapRef").path("name").asText());
            configMap.path("data").fields().forEachRemaining(entry ->
                    environment.put(entry.getKey(), entry.getValue()));
        }
        for (JsonNode variable : container.path("env")) {
            environment.put(variable.path("name").asText(),
                    variable.has("valueFrom") ? variable.path("valueFrom") : variable.path("value"));
        }
        return environment;
    }

    private static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
