package dev.mailroom.activity.odata.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.odata.model.ColumnType;

class SelectSqlTest {

    private static final UUID LAST_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");
    private static final SortKey KEY = new SortKey("activityid", ColumnType.GUID, false, false);

    @Test
    void shouldSeekPastTheKeyAloneWithAnIndexFriendlyRange() {
        Sql after = SelectSql.after(List.of(KEY), List.of(LAST_ID));

        assertEquals("\"activityid\" > ?", after.text());
        assertEquals(List.of(LAST_ID), after.params());
    }

    @Test
    void shouldPlaceNullsLastWhenSortingANullableColumnDescending() {
        SortKey email = new SortKey("emailaddress1", ColumnType.STRING, true, true);

        Sql afterValue = SelectSql.after(List.of(email, KEY), List.of("b@example.com", LAST_ID));
        assertEquals("((\"emailaddress1\" < ? OR \"emailaddress1\" IS NULL) OR (\"emailaddress1\" = ? AND "
                + "\"activityid\" > ?))", afterValue.text());
        assertEquals(List.of("b@example.com", "b@example.com", LAST_ID), afterValue.params());

        // After a null, only nulls with a later key remain.
        Sql afterNull = SelectSql.after(List.of(email, KEY), Arrays.asList(null, LAST_ID));
        assertEquals("(\"emailaddress1\" IS NULL AND \"activityid\" > ?)", afterNull.text());
    }

    @Test
    void shouldPlaceNullsFirstWhenSortingANullableColumnAscending() {
        SortKey email = new SortKey("emailaddress1", ColumnType.STRING, false, true);

        Sql afterNull = SelectSql.after(List.of(email, KEY), Arrays.asList(null, LAST_ID));

        assertEquals("(\"emailaddress1\" IS NOT NULL OR (\"emailaddress1\" IS NULL AND \"activityid\" > ?))",
                afterNull.text());
    }
}
