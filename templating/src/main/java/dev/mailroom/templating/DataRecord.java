package dev.mailroom.templating;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** One record of the {@code <data>} document, an element named by its table's logical name ({@code contact}). */
public final class DataRecord {

    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final String entity;
    private final List<DataField> fields;

    private DataRecord(String entity, List<DataField> fields) {
        this.entity = entity;
        this.fields = List.copyOf(fields);
    }

    public static Builder of(String entity) {
        return new Builder(entity);
    }

    public String entity() {
        return entity;
    }

    public List<DataField> fields() {
        return fields;
    }

    /** Collects the fields of a record; null and empty values are left out, so a template's default applies. */
    public static final class Builder {
        private final String entity;
        private final List<DataField> fields = new ArrayList<>();

        private Builder(String entity) {
            this.entity = checkName(entity);
        }

        /** A plain value (text, number, boolean, date), written with {@code String.valueOf}. */
        public Builder set(String attribute, Object value) {
            return add(attribute, value, null);
        }

        /** A value with a display name: a choice and its label, or any value and its formatted form. */
        public Builder setFormatted(String attribute, Object value, String displayName) {
            return add(attribute, value, displayName);
        }

        /** A lookup: the referenced id as the value, its record name as {@code @name}. */
        public Builder setLookup(String attribute, UUID id, String name) {
            return add(attribute, id, name);
        }

        public DataRecord build() {
            return new DataRecord(entity, fields);
        }

        private Builder add(String attribute, Object value, String displayName) {
            checkName(attribute);
            String text = value == null ? null : String.valueOf(value);
            if (text != null && !text.isEmpty()) {
                fields.add(new DataField(attribute, text, displayName));
            }
            return this;
        }
    }

    private static String checkName(String name) {
        if (name == null || !XML_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a logical name: " + name);
        }
        return name;
    }
}
