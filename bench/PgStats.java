import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Counters of the bench database for bench/router-throughput.sh, printed as one line of numbers so the script can
 * subtract two readings: committed transactions (an autocommitted statement is one), rows inserted, updated,
 * deleted, and WAL bytes written so far. PostgreSQL's own statistics views, read over JDBC because the embedded
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
                        + " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"
                        + " FROM pg_stat_database WHERE datname = current_database()")) {
            row.next();
            System.out.println(row.getLong(1) + " " + row.getLong(2) + " " + row.getLong(3) + " " + row.getLong(4)
                    + " " + row.getLong(5));
        }
    }
}
