package dev.mailroom.activity.odata.sql;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.error.DataverseError;

/**
 * The opaque {@code $skiptoken} of a next page: the last row's sort values and a hash of the query it belongs to
 * (keyset paging: page 1,000 costs what page 1 does). Base64url of a small JSON document.
 */
public final class SkipToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SkipToken() {
    }

    public static String encode(ReadQuery query, Map<String, Object> lastRow) {
        List<Object> values = new ArrayList<>();
        for (SortKey key : query.orderBy()) {
            Object value = lastRow.get(key.column());
            values.add(value instanceof UUID || value instanceof Instant ? value.toString() : value);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(Map.of("h", query.shapeHash(), "k", values));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cursor values, typed by the sort keys; a token from another query or a forged one is a 400. */
    public static List<Object> decode(ReadQuery query, String token) {
        try {
            JsonNode node = JSON.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            JsonNode values = node.get("k");
            if (!query.shapeHash().equals(node.path("h").asText()) || values == null
                    || values.size() != query.orderBy().size()) {
                throw invalid();
            }
            List<Object> cursor = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                cursor.add(value(values.get(i), query.orderBy().get(i)));
            }
            return cursor;
        } catch (IllegalArgumentException | java.io.IOException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    private static Object value(JsonNode node, SortKey key) {
        if (node.isNull()) {
            return null;
        }
        return switch (key.type()) {
            case GUID -> UUID.fromString(node.asText());
            case STRING -> node.asText();
            case INTEGER -> node.asInt();
            case BIG_INTEGER -> node.asLong();
            case BOOLEAN -> node.asBoolean();
            case DATE_TIME -> Instant.parse(node.asText());
        };
    }

    private static RuntimeException invalid() {
        return DataverseError.QUERY_SYNTAX.withMessage("The $skiptoken is not valid for this query; use the "
                + "@odata.nextLink of the previous page as it is.");
    }
}
