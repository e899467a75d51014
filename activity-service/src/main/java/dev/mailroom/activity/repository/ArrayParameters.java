package dev.mailroom.activity.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A batch's column as a Java array that the JDBC driver binds in PostgreSQL's binary array format (each value's bytes
 * behind its length): {@code String[]} as {@code text[]}, {@code Integer[]} as {@code int4[]}, {@code Boolean[]} as
 * {@code bool[]}. {@code Connection.createArrayOf} writes an array literal instead, quoting and escaping every
 * character of every value, which PostgreSQL then parses back character by character: for a batch of rendered bodies
 * that was about a tenth of activity-service's CPU while it stored a bulk job's emails, and for the uuid columns of
 * every batch still a sixteenth (bulk benchmark B7, docs/benchmarks.md). The driver has no binary form for
 * {@code UUID[]}, so uuids go as text and the statement casts them ({@code ?::uuid[]}).
 */
public final class ArrayParameters {

    private ArrayParameters() {
    }

    public static <T> String[] texts(List<T> rows, Function<T, String> column) {
        return fill(rows, column, new String[rows.size()]);
    }

    /** For a {@code ?::uuid[]} parameter; a null id stays null. */
    public static <T> String[] uuids(List<T> rows, Function<T, UUID> column) {
        return fill(rows, row -> {
            UUID id = column.apply(row);
            return id == null ? null : id.toString();
        }, new String[rows.size()]);
    }

    /** For a {@code ?::uuid[]} parameter. */
    public static String[] uuids(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    public static <T> Integer[] ints(List<T> rows, Function<T, Integer> column) {
        return fill(rows, column, new Integer[rows.size()]);
    }

    public static <T> Boolean[] booleans(List<T> rows, Function<T, Boolean> column) {
        return fill(rows, column, new Boolean[rows.size()]);
    }

    private static <T, V> V[] fill(List<T> rows, Function<T, ? extends V> column, V[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return values;
    }
}
