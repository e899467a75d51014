package dev.mailroom.activity.odata.sql;

import dev.mailroom.activity.odata.model.ColumnType;

/**
 * One term of ORDER BY: a declared column (never text from the URL), its type and direction, and whether it can
 * hold nulls (only then does ORDER BY spell out where nulls go, which a plain index cannot serve).
 */
public record SortKey(String column, ColumnType type, boolean descending, boolean nullable) {
}
