import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Counters of the bench database for bench/router-throughput.sh, printed as one line of numbers so the script can
 * subtract two readings: committed transactions (an autocommitted statement is one), rows inserted, updated,
 * deleted, WAL bytes written so far; then the housekeeping that can land in a measured window: autovacuum runs on
 * the router's schema (all its tables, then the send ledger, then the outbox), checkpoints (timed and requested),
 * and the ledger's rows (live and dead). PostgreSQL's own statistics views, read over JDBC because the embedded
 * PostgreSQL ships no psql.
 *
 * <pre>java -cp postgresql.jar bench/PgStats.java JDBC_URL USER PASSWORD</pre>
 */
public final class PgStats {

    private PgStats() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted,"
                        + " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
                        + " (SELECT coalesce(sum(autovacuum_count), 0) FROM pg_stat_user_tables"
                        + "  WHERE schemaname = 'router'),"
                        + " (SELECT coalesce(sum(autovacuum_count), 0) FROM pg_stat_user_tables"
                        + "  WHERE schemaname = 'router' AND relname = 'send_ledger'),"
                        + " (SELECT coalesce(sum(autovacuum_count), 0) FROM pg_stat_user_tables"
                        + "  WHERE schemaname = 'router' AND relname = 'outbox_event'),"
                        + " (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),"
                        + " (SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables"
                        + "  WHERE schemaname = 'router' AND relname = 'send_ledger'),"
                        + " (SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables"
                        + "  WHERE schemaname = 'router' AND relname = 'send_ledger')"
                        + " FROM pg_stat_database WHERE datname = current_database()")) {
            row.next();
            StringBuilder line = new StringBuilder();
            for (int column = 1; column <= 11; column++) {
                line.append(column == 1 ? "" : " ").append(row.getLong(column));
            }
            System.out.println(line);
        }
    }
}
