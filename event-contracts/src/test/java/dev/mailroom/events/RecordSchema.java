package dev.mailroom.events;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema a record calls for, derived from its components by reflection, as Jackson writes it (dates as
 * ISO-8601 strings). Only what the code decides: names, types, formats; descriptions belong to the catalogue.
 */
final class RecordSchema {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class);
    private static final Set<Class<?>> NUMBERS = Set.of(double.class, Double.class, float.class, Float.class,
            java.math.BigDecimal.class);

    private RecordSchema() {
    }

    static ObjectNode of(Class<?> record) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ArrayNode required = schema.putArray("required");
        ObjectNode properties = schema.putObject("properties");
        RecordComponent[] components = record.getRecordComponents();
        Arrays.stream(components).map(RecordComponent::getName).sorted().forEach(required::add);
        for (RecordComponent component : components) {
            properties.set(component.getName(), of(component.getGenericType()));
        }
        return schema;
    }

    static ObjectNode of(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            ObjectNode array = JSON.objectNode().put("type", "array");
            array.set("items", of(parameterized.getActualTypeArguments()[0]));
            return array;
        }
        if (!(type instanceof Class<?> cls)) {
            throw new IllegalArgumentException("No JSON Schema mapping for " + type + ": add one to RecordSchema");
        }
        if (cls == UUID.class) {
            return JSON.objectNode().put("type", "string").put("format", "uuid");
        }
        if (cls == Instant.class || cls == OffsetDateTime.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (cls == LocalDate.class) {
            return JSON.objectNode().put("type", "string").put("format", "date");
        }
        if (cls == String.class || cls.isEnum()) {
            return JSON.objectNode().put("type", "string");
        }
        if (INTEGERS.contains(cls)) {
            return JSON.objectNode().put("type", "integer");
        }
        if (NUMBERS.contains(cls)) {
            return JSON.objectNode().put("type", "number");
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (cls.isRecord()) {
            return of(cls);
        }
        throw new IllegalArgumentException("No JSON Schema mapping for " + cls.getName() + ": add one to RecordSchema");
    }

    /** Keeps what {@link #of} produces from a catalogued schema, so the two compare equal when they agree. */
    static ObjectNode normalise(JsonNode catalogued) {
        ObjectNode normal = JSON.objectNode();
        String type = nonNullType(catalogued);
        if (type != null) {
            normal.put("type", type);
        }
        if (catalogued.has("format")) {
            normal.put("format", catalogued.get("format").asText());
        }
        if (catalogued.has("items")) {
            normal.set("items", normalise(catalogued.get("items")));
        }
        if (catalogued.has("required")) {
            ArrayNode required = normal.putArray("required");
            texts(catalogued.get("required")).stream().sorted().forEach(required::add);
        }
        if (catalogued.has("properties")) {
            ObjectNode properties = normal.putObject("properties");
            catalogued.get("properties").properties()
                    .forEach(entry -> properties.set(entry.getKey(), normalise(entry.getValue())));
        }
        return normal;
    }

    /** The catalogued type without {@code "null"}: {@code [string, "null"]} is a string that may be absent. */
    static String nonNullType(JsonNode catalogued) {
        JsonNode type = catalogued.get("type");
        if (type == null) {
            return null;
        }
        if (!type.isArray()) {
            return type.asText();
        }
        return texts(type).stream().filter(name -> !name.equals("null")).findFirst().orElse(null);
    }

    static boolean allowsNull(JsonNode catalogued) {
        JsonNode type = catalogued.get("type");
        return type != null && type.isArray() && texts(type).contains("null");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
