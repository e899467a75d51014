package dev.mailroom.activity.odata.uri;

import dev.mailroom.activity.odata.model.ColumnType;
import dev.mailroom.activity.odata.sql.Sql;

/** What a part of a {@code $filter} expression turns into on its way to SQL. */
sealed interface Operand {

    /** A declared column (or a lookup's id column). */
    record Column(String name, ColumnType type) implements Operand {
    }

    /** A literal still as the URL wrote it: typed only once we know which column it is compared with. */
    record Literal(String text) implements Operand {
        boolean isNull() {
            return "null".equals(text);
        }
    }

    /** A finished boolean condition. */
    record Predicate(Sql sql) implements Operand {
    }
}
