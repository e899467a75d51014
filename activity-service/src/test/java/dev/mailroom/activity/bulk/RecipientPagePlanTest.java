package dev.mailroom.activity.bulk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.ColumnType;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.ReadQuery;
import dev.mailroom.activity.odata.sql.SelectSql;
import dev.mailroom.activity.odata.sql.SortKey;
import dev.mailroom.activity.odata.sql.Sql;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How PostgreSQL plans a keyset page of a recipient query whose filter matches most of the table, as SendBulkMail's
 * pager reads it ({@code contacts?$filter=lastname eq '…'}, 500 a page, in key order). Without statistics of
 * {@code lower("lastname")} the planner guessed few rows match and scanned and sorted the whole table on every page;
 * the page must walk the primary key and stop after it.
 */
@QuarkusTest
class RecipientPagePlanTest {

    private static final int CONTACTS = 5000;

    @Inject
    DataSource dataSource;

    @Inject
    TableRegistry tables;

    private final String tag = "Plan" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeContacts() throws SQLException {
        try (Connection db = dataSource.getConnection();
                PreparedStatement delete = db.prepareStatement("DELETE FROM contact WHERE lastname = ?")) {
            delete.setString(1, tag);
            delete.executeUpdate();
        }
    }

    @Test
    void shouldWalkThePrimaryKeyToOnePageOfABroadNameFilter() throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO contact (contactid, firstname, lastname, "
                    + "emailaddress1, createdon, modifiedon) SELECT gen_random_uuid(), 'Reader' || n, ?, "
                    + "'plan-' || n || '@example.org', now(), now() FROM generate_series(1, ?) AS n")) {
                insert.setString(1, tag);
                insert.setInt(2, CONTACTS);
                insert.executeUpdate();
            }
            try (Statement analyze = db.createStatement()) {
                analyze.execute("ANALYZE contact");
            }
            TableDef contact = tables.require("contact");
            // What `lastname eq '<tag>'` becomes (strings compare without case), read in key order.
            ReadQuery query = new ReadQuery(contact, contact.columns().stream().filter(ColumnDef::isReadable).toList(),
                    List.of(), Sql.of("lower(\"lastname\") = lower(?)", tag),
                    List.of(new SortKey("contactid", ColumnType.GUID, false, false)), null, false, List.of());

            String firstPage = plan(db, SelectSql.page(query, null, 501));
            String laterPage = plan(db, SelectSql.page(query,
                    List.of(UUID.fromString("80000000-0000-4000-8000-000000000000")), 501));
            for (String plan : List.of(firstPage, laterPage)) {
                assertTrue(plan.contains("Index Scan using contact_pkey"), plan);
                assertFalse(plan.contains("Sort"), plan);
                assertFalse(plan.contains("Seq Scan"), plan);
            }
        }
    }

    private static String plan(Connection db, Sql sql) throws SQLException {
        try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + sql.text())) {
            for (int i = 0; i < sql.params().size(); i++) {
                explain.setObject(i + 1, sql.params().get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
