package dev.mailroom.activity.odata.model;

import java.util.Map;

/**
 * One column of a table: its logical name (also its SQL column), type, limits and what clients may do with it.
 * Everything that reads or writes a row (JSON, SQL, validation, $metadata) asks this declaration.
 *
 * @param maxLength for strings, the longest value the column holds (its SQL column is at least this long)
 * @param minValue smallest accepted integer, or null
 * @param maxValue largest accepted integer, or null
 * @param options for a choice column, its values and labels (FormattedValue); empty otherwise
 * @param defaultValue the value a create gets when the client gives none, or null
 */
public record ColumnDef(String name, ColumnType type, int maxLength, Long minValue, Long maxValue,
        Map<Integer, String> options, Object defaultValue, Access access, boolean required, boolean queryable) {

    /** Who writes the column. */
    public enum Access {
        /** Clients create and update it. */
        READ_WRITE,
        /** Only the system sets it (createdon, versionnumber, derived text). */
        READ_ONLY,
        /** Clients write it but never read it back (credentials). */
        WRITE_ONLY
    }

    public static ColumnDef guid(String name) {
        return new ColumnDef(name, ColumnType.GUID, 0, null, null, Map.of(), null, Access.READ_WRITE, false, true);
    }

    public static ColumnDef string(String name, int maxLength) {
        return new ColumnDef(name, ColumnType.STRING, maxLength, null, null, Map.of(), null, Access.READ_WRITE, false,
                true);
    }

    /** A long text column: selectable and writable, but not filterable or sortable (Dataverse's Memo). */
    public static ColumnDef memo(String name, int maxLength) {
        return string(name, maxLength).withQueryable(false);
    }

    public static ColumnDef integer(String name, long min, long max) {
        return new ColumnDef(name, ColumnType.INTEGER, 0, min, max, Map.of(), null, Access.READ_WRITE, false, true);
    }

    public static ColumnDef bigInteger(String name) {
        return new ColumnDef(name, ColumnType.BIG_INTEGER, 0, null, null, Map.of(), null, Access.READ_WRITE, false,
                true);
    }

    /** A choice (option set): an integer restricted to its options, whose labels are its FormattedValue. */
    public static ColumnDef choice(String name, Map<Integer, String> options) {
        return new ColumnDef(name, ColumnType.INTEGER, 0, null, null, Map.copyOf(options), null, Access.READ_WRITE,
                false, true);
    }

    public static ColumnDef bool(String name) {
        return new ColumnDef(name, ColumnType.BOOLEAN, 0, null, null, Map.of(), null, Access.READ_WRITE, false, true);
    }

    public static ColumnDef dateTime(String name) {
        return new ColumnDef(name, ColumnType.DATE_TIME, 0, null, null, Map.of(), null, Access.READ_WRITE, false,
                true);
    }

    public ColumnDef readOnly() {
        return new ColumnDef(name, type, maxLength, minValue, maxValue, options, defaultValue, Access.READ_ONLY,
                required, queryable);
    }

    public ColumnDef writeOnly() {
        return new ColumnDef(name, type, maxLength, minValue, maxValue, options, defaultValue, Access.WRITE_ONLY,
                required, false);
    }

    public ColumnDef asRequired() {
        return new ColumnDef(name, type, maxLength, minValue, maxValue, options, defaultValue, access, true,
                queryable);
    }

    public ColumnDef withDefault(Object value) {
        return new ColumnDef(name, type, maxLength, minValue, maxValue, options, value, access, required, queryable);
    }

    public ColumnDef withQueryable(boolean value) {
        return new ColumnDef(name, type, maxLength, minValue, maxValue, options, defaultValue, access, required,
                value);
    }

    public boolean isReadable() {
        return access != Access.WRITE_ONLY;
    }

    public boolean isWritable() {
        return access != Access.READ_ONLY;
    }

    public boolean isChoice() {
        return !options.isEmpty();
    }
}
