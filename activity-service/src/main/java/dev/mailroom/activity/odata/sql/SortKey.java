package dev.mailroom.activity.odata.sql;

import dev.mailroom.activity.odata.model.ColumnType;

/** One term of ORDER BY: a declared column (never text from the URL), its type and direction. */
public record SortKey(String column, ColumnType type, boolean descending) {
}
