package dev.mailroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The catalogue (asyncapi.yaml) and the code agree: this fails the build when they drift apart. */
class AsyncApiCatalogueTest {

    private final AsyncApiCatalogue catalogue = AsyncApiCatalogue.load();

    @Test
    void shouldBeAnAsyncApi3Document() {
        assertEquals("3.0.0", catalogue.root().path("asyncapi").asText());
    }

    @Test
    void shouldDescribeEveryTopicAsAChannel() {
        assertEquals(new TreeSet<>(Topics.ALL), catalogue.channelAddresses());
    }

    @Test
    void shouldGiveEveryEventRecordAMessageWhoseSchemaMatchesIt() throws Exception {
        List<Class<?>> records = eventRecords();
        assertFalse(records.isEmpty(), "no event records found");
        List<String> problems = new ArrayList<>();
        for (Class<?> record : records) {
            problems.addAll(CatalogueChecker.disagreements(record, catalogue.payloadOf(record)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldNameAnEventRecordInEveryMessage() throws Exception {
        for (JsonNode message : catalogue.messages()) {
            Class<?> type = Class.forName(message.path("x-java-type").asText());
            assertTrue(type.isRecord() && MailroomEvent.class.isAssignableFrom(type), type + " is no event record");
        }
    }

    @Test
    void shouldCarryTheRecordsCloudEventTypeTheBinaryModeHeadersAndAKey() throws Exception {
        Set<String> headerNames = Set.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME,
                CloudEventHeaders.CONTENT_TYPE);
        for (JsonNode message : catalogue.messages()) {
            Class<?> type = Class.forName(message.path("x-java-type").asText());
            JsonNode headers = message.path("headers").path("properties");
            Set<String> catalogued = new TreeSet<>();
            headers.fieldNames().forEachRemaining(catalogued::add);

            assertEquals(new TreeSet<>(headerNames), catalogued, type.getSimpleName() + " headers");
            assertEquals(type.getField("TYPE").get(null), headers.path(CloudEventHeaders.TYPE).path("const").asText());
            assertEquals(CloudEventHeaders.SPEC_VERSION_1_0,
                    headers.path(CloudEventHeaders.SPEC_VERSION).path("const").asText());
            assertEquals(CloudEventHeaders.JSON, headers.path(CloudEventHeaders.CONTENT_TYPE).path("const").asText());
            assertEquals(CloudEventHeaders.JSON, message.path("contentType").asText());
            assertEquals("string", message.path("bindings").path("kafka").path("key").path("type").asText(),
                    type.getSimpleName() + " documents its Kafka key");
        }
    }

    /** Every record of this package that is an event payload, found in the compiled main classes. */
    static List<Class<?>> eventRecords() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(MailroomEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDir = classes.resolve(MailroomEvent.class.getPackageName().replace('.', '/'));
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(packageDir)) {
            for (Path file : files.map(Path::getFileName).sorted().toList()) {
                String name = file.toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName(MailroomEvent.class.getPackageName() + "."
                            + name.substring(0, name.length() - ".class".length()));
                    if (type.isRecord() && MailroomEvent.class.isAssignableFrom(type)) {
                        records.add(type);
                    }
                }
            }
        }
        return records;
    }
}
