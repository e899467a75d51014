package dev.mailroom.activity.odata.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.sql.ReadQuery;

/**
 * Writes rows as Dataverse does: {@code @odata.etag} first, the key always, date-times to the second in UTC,
 * lookups as {@code _x_value}, annotations when asked for, expansions nested. Streams with Jackson's generator
 * from the declarations rather than building Olingo entity graphs, which keeps the shape under our control.
 */
public final class RowWriter {

    private final ObjectMapper mapper;

    public RowWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What the writer needs besides the rows. */
    public record Context(String contextUrl, Annotations annotations, Map<UUID, String> lookupNames) {
    }

    public byte[] collection(Context context, ReadQuery query, List<Map<String, Object>> rows, Long count,
            String nextLink) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("@odata.context", context.contextUrl());
            if (count != null) {
                generator.writeNumberField("@odata.count", count);
            }
            generator.writeArrayFieldStart("value");
            for (Map<String, Object> row : rows) {
                row(generator, context, query, row);
            }
            generator.writeEndArray();
            if (nextLink != null) {
                generator.writeStringField("@odata.nextLink", nextLink);
            }
            generator.writeEndObject();
        });
    }

    public byte[] entity(Context context, ReadQuery query, Map<String, Object> row) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("@odata.context", context.contextUrl());
            fields(generator, context, query, row);
            generator.writeEndObject();
        });
    }

    /** A weak etag from the row version: {@code W/"<versionnumber>"}. */
    public static String etag(Object version) {
        return "W/\"" + version + "\"";
    }

    private void row(JsonGenerator generator, Context context, ReadQuery query, Map<String, Object> row)
            throws IOException {
        generator.writeStartObject();
        fields(generator, context, query, row);
        generator.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private void fields(JsonGenerator generator, Context context, ReadQuery query, Map<String, Object> row)
            throws IOException {
        TableDef table = query.table();
        Annotations annotations = context.annotations();
        generator.writeStringField("@odata.etag", etag(row.get(TableDef.VERSION)));
        boolean keyWritten = false;
        for (ColumnDef column : query.columns()) {
            Object value = row.get(column.name());
            if (annotations.wants(Annotations.FORMATTED_VALUE) && value != null && column.isChoice()) {
                generator.writeStringField(column.name() + "@" + Annotations.FORMATTED_VALUE,
                        column.options().getOrDefault(value, String.valueOf(value)));
            }
            writeValue(generator, column.name(), value);
            keyWritten |= column.name().equals(table.primaryKey());
        }
        for (LookupDef lookup : query.lookups()) {
            lookup(generator, annotations, context.lookupNames(), lookup, row);
        }
        if (!keyWritten) {
            writeValue(generator, table.primaryKey(), row.get(table.primaryKey()));
        }
        for (ReadQuery.Expansion expansion : query.expansions()) {
            Object nested = row.get(expansion.navigation());
            if (expansion.collection()) {
                generator.writeArrayFieldStart(expansion.navigation());
                for (Map<String, Object> child : (List<Map<String, Object>>) nested) {
                    row(generator, context, expansion.query(), child);
                }
                generator.writeEndArray();
            } else if (nested == null) {
                generator.writeNullField(expansion.navigation());
            } else {
                generator.writeFieldName(expansion.navigation());
                row(generator, context, expansion.query(), (Map<String, Object>) nested);
            }
        }
    }

    private static void lookup(JsonGenerator generator, Annotations annotations, Map<UUID, String> names,
            LookupDef lookup, Map<String, Object> row) throws IOException {
        String property = lookup.valueProperty();
        Object id = row.get(lookup.name());
        if (id != null) {
            String table = lookup.typeColumn() != null ? (String) row.get(lookup.typeColumn())
                    : lookup.targets().get(0).table();
            if (annotations.wants(Annotations.FORMATTED_VALUE) && names.containsKey(id)) {
                generator.writeStringField(property + "@" + Annotations.FORMATTED_VALUE, names.get(id));
            }
            if (annotations.wants(Annotations.ASSOCIATED_NAVIGATION)) {
                lookup.targetByTable(table).ifPresent(target -> writeString(generator,
                        property + "@" + Annotations.ASSOCIATED_NAVIGATION, target.navigation()));
            }
            if (annotations.wants(Annotations.LOOKUP_LOGICAL_NAME)) {
                generator.writeStringField(property + "@" + Annotations.LOOKUP_LOGICAL_NAME, table);
            }
        }
        writeValue(generator, property, id);
    }

    private static void writeString(JsonGenerator generator, String name, String value) {
        try {
            generator.writeStringField(name, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator generator, String name, Object value) throws IOException {
        if (value == null) {
            generator.writeNullField(name);
        } else if (value instanceof Instant instant) {
            generator.writeStringField(name, instant.truncatedTo(ChronoUnit.SECONDS).toString());
        } else if (value instanceof UUID || value instanceof String) {
            generator.writeStringField(name, value.toString());
        } else if (value instanceof Boolean bool) {
            generator.writeBooleanField(name, bool);
        } else if (value instanceof Number number) {
            generator.writeNumberField(name, number.longValue());
        } else {
            generator.writeStringField(name, value.toString());
        }
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
            body.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
