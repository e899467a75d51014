package dev.mailroom.events;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Compares a payload record with its schema in the catalogue; lists every disagreement, none when they agree. */
final class CatalogueChecker {

    private CatalogueChecker() {
    }

    static List<String> disagreements(Class<?> record, JsonNode catalogued) {
        List<String> problems = new ArrayList<>();
        String name = record.getSimpleName();
        JsonNode properties = catalogued.path("properties");
        Set<String> components = new HashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            components.add(component.getName());
            String path = name + "." + component.getName();
            JsonNode property = properties.get(component.getName());
            if (property == null) {
                problems.add(path + ": in the record, missing from the catalogue");
                continue;
            }
            ObjectNode expected = RecordSchema.of(component.getGenericType());
            ObjectNode actual = RecordSchema.normalise(property);
            if (!expected.equals(actual)) {
                problems.add(path + ": the record says " + expected + ", the catalogue " + actual);
            }
            if (component.getType().isPrimitive() && RecordSchema.allowsNull(property)) {
                problems.add(path + ": the catalogue allows null, the record's " + component.getType() + " never is");
            }
        }
        properties.fieldNames().forEachRemaining(property -> {
            if (!components.contains(property)) {
                problems.add(name + "." + property + ": in the catalogue, missing from the record");
            }
        });
        Set<String> required = new HashSet<>();
        catalogued.path("required").forEach(node -> required.add(node.asText()));
        // Jackson writes every component, null or not: all are required, and only they are.
        if (!required.equals(components)) {
            problems.add(name + ": the catalogue requires " + required + ", the record writes " + components);
        }
        if (!"object".equals(catalogued.path("type").asText())) {
            problems.add(name + ": the catalogue's type is not object");
        }
        return problems;
    }
}
