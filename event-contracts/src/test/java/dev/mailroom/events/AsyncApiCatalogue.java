package dev.mailroom.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The AsyncAPI document shipped in this module ({@code asyncapi.yaml}), read with its local $refs followed. */
final class AsyncApiCatalogue {

    static final String RESOURCE = "/asyncapi.yaml";

    private final JsonNode root;

    private AsyncApiCatalogue(JsonNode root) {
        this.root = root;
    }

    static AsyncApiCatalogue load() {
        try (InputStream in = AsyncApiCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new AsyncApiCatalogue(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    Set<String> channelAddresses() {
        Set<String> addresses = new TreeSet<>();
        root.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        return addresses;
    }

    /** Every message of every channel, resolved. */
    List<JsonNode> messages() {
        List<JsonNode> messages = new ArrayList<>();
        root.path("channels").forEach(channel -> channel.path("messages").forEach(m -> messages.add(resolve(m))));
        return messages;
    }

    JsonNode payload(JsonNode message) {
        return resolve(message.path("payload"));
    }

    /** The schema the catalogue gives a payload record, by the record's class name (x-java-type). */
    JsonNode payloadOf(Class<?> record) {
        return messages().stream().filter(m -> m.path("x-java-type").asText().equals(record.getName()))
                .findFirst().map(this::payload)
                .orElseThrow(() -> new AssertionError(record.getName() + " has no message in " + RESOURCE));
    }

    /** Follows {@code $ref: '#/...'} (the only kind this document uses) until it reaches a definition. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("Only local $refs are supported: " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new AssertionError("Dangling $ref " + ref + " in " + RESOURCE);
            }
        }
        return current;
    }
}
