import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counters of the bench database for bench/router-throughput.sh, printed as one line of numbers so the script can
 * subtract two readings: committed transactions (an autocommitted statement is one), rows inserted, updated,
 * deleted, WAL bytes written so far; then the housekeeping that can land in a measured window: autovacuum runs on
 * the router's schema (all its tables, then the send ledger, then the outbox), checkpoints (timed and requested),
 * and the ledger's rows (live and dead). PostgreSQL's own statistics views, read over JDBC because the embedded
 * PostgreSQL ships no psql.
 *
 * <pre>java -cp postgresql.jar bench/PgStats.java JDBC_URL USER PASSWORD [reset | statements EMAILS | tables |
 *     waits STARTFILE STOPFILE]</pre>
 *
 * With {@code reset}, empties {@code pg_stat_statements} (creating the extension in the database first; the server
 * must have it in {@code shared_preload_libraries}). With {@code statements EMAILS}, prints what the server's
 * backends did per statement since the reset: calls, rows, execution and planning time, in total, per call and per
 * one of EMAILS emails. With {@code waits}, what the active backends wait on, sampled between two files' appearance.
 * With {@code tables}, the tables with the most dead rows and their autovacuums. The ledger's statements carry a VALUES list of one row per email, so each group size is a
 * different SQL text: texts that differ only in the length of such a list are added up as one statement, with the
 * number of texts and the range of list lengths shown.
 */
public final class PgStats {

    private PgStats() {
    }

    /** A VALUES list of identical rows, as normalisation leaves it: every parameter and constant is $n. */
    private static final Pattern REPEATED_ROWS = Pattern.compile("VALUES (\\([^()]*\\))(?:, \\1)*");

    public static void main(String[] args) throws Exception {
        if (args.length > 3 && args[3].equals("reset")) {
            reset(args);
            return;
        }
        if (args.length > 4 && args[3].equals("statements")) {
            statements(args, Long.parseLong(args[4]));
            return;
        }
        if (args.length > 5 && args[3].equals("waits")) {
            waits(args, Path.of(args[4]), Path.of(args[5]));
            return;
        }
        if (args.length > 3 && args[3].equals("tables")) {
            tables(args);
            return;
        }
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

    /**
     * The user tables of every schema with the most dead rows, and when autovacuum last ran on each: whether a
     * vacuum or a table full of dead rows can explain a slow stretch of a run (bench/bulk-mail.sh).
     */
    private static void tables(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT schemaname || '.' || relname, n_live_tup, n_dead_tup,"
                        + " autovacuum_count, autoanalyze_count, coalesce(to_char(last_autovacuum, 'HH24:MI:SS'), '-'),"
                        + " coalesce(to_char(last_autoanalyze, 'HH24:MI:SS'), '-') FROM pg_stat_user_tables"
                        + " ORDER BY n_dead_tup DESC, n_live_tup DESC LIMIT 12")) {
            System.out.printf("    %-36s %10s %10s %8s %8s %16s %16s%n", "table", "live", "dead", "vacuums", "analyzes",
                    "last autovacuum", "last autoanalyze");
            while (rows.next()) {
                System.out.printf("    %-36s %10d %10d %8d %8d %16s %16s%n", rows.getString(1), rows.getLong(2),
                        rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getString(6), rows.getString(7));
            }
        }
    }

    /**
     * What the server's backends are doing, sampled every {@code WAITS_MS} ms (environment; 50 by default) from when
     * {@code start} appears until {@code stop} does: per statement (cut) and wait event ("CPU" when it waits on none), how many backends were in that state on
     * average. pg_stat_statements' execution time counts a statement's waits (a lock, the WAL, I/O) like its work;
     * this tells the two apart. The sampler connects and compiles before {@code start}, outside the measured window.
     */
    private static void waits(String[] args, Path start, Path stop) throws Exception {
        Map<String, Long> seen = new HashMap<>();
        long samples = 0;
        // Every 10 ms, as first written, the sampler and the backend answering it took several per cent of the
        // measured machine; every 50 ms still gives about a thousand samples over a bulk job's sends.
        long every = Long.parseLong(System.getenv().getOrDefault("WAITS_MS", "50"));
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
                PreparedStatement active = connection.prepareStatement("SELECT backend_type, left(regexp_replace("
                        + "query, '\\s+', ' ', 'g'), 58), coalesce(wait_event_type || ':' || wait_event, 'CPU')"
                        + " FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
                        + " AND backend_type IN ('client backend', 'autovacuum worker')")) {
            while (!Files.exists(start)) {
                Thread.sleep(10);
            }
            while (!Files.exists(stop)) {
                try (ResultSet row = active.executeQuery()) {
                    while (row.next()) {
                        String what = row.getString(1).equals("client backend") ? row.getString(2) : "(autovacuum) "
                                + row.getString(2);
                        seen.merge(String.format("%-60s %s", what, row.getString(3)), 1L, Long::sum);
                    }
                }
                samples++;
                Thread.sleep(every);
            }
        }
        long taken = Math.max(1, samples);
        System.out.printf("  %-60s %-28s %9s%n", "statement (cut)", "wait event", "backends");
        seen.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(16)
                .forEach(entry -> System.out.printf("  %-89s %9.3f%n", entry.getKey(),
                        (double) entry.getValue() / taken));
        System.out.printf("  %d samples; all backends active on average: %.2f%n", samples,
                seen.values().stream().mapToLong(Long::longValue).sum() / (double) taken);
    }

    private static void reset(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** Statements of the same kind: the texts that differ only in the length of a VALUES list. */
    private static final class Kind {
        long texts;
        long calls;
        long rows;
        long plans;
        long blocks;
        long dirtied;
        long fullPages;
        long walBytes;
        double execMs;
        double planMs;
        int fewestRows = Integer.MAX_VALUE;  // the shortest and longest VALUES lists, when the statement has one
        int mostRows;
    }

    private static void statements(String[] args, long emails) throws Exception {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT query, calls, rows, total_exec_time, plans,"
                        + " total_plan_time, shared_blks_hit + shared_blks_read + local_blks_hit + local_blks_read,"
                        // What a statement changed, not what it looked at: pages it dirtied, and the WAL it wrote
                        // (full-page images after a checkpoint among it), where an insert's key order shows.
                        + " shared_blks_dirtied, wal_fpi, wal_bytes"
                        + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                        + " WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'")) {
            while (row.next()) {
                // A statement the driver prepared keeps the text it came with, its literals unreplaced (the row
                // numbers of a VALUES list among them): literals and parameters alike are shown as $.
                String text = row.getString(1).replaceAll("\\s+", " ").replaceAll("\\$\\d+", "\\$")
                        .replaceAll("(?<=[(, ])\\d+(?=[,)])", "\\$");
                Matcher list = REPEATED_ROWS.matcher(text);
                int listRows = 0;
                if (list.find()) {
                    listRows = list.group().split("\\), \\(").length;
                    text = text.substring(0, list.start()) + "VALUES " + list.group(1) + "xN"
                            + text.substring(list.end());
                }
                Kind kind = kinds.computeIfAbsent(text, ignored -> new Kind());
                kind.texts++;
                kind.calls += row.getLong(2);
                kind.rows += row.getLong(3);
                kind.execMs += row.getDouble(4);
                kind.plans += row.getLong(5);
                kind.planMs += row.getDouble(6);
                kind.blocks += row.getLong(7);
                kind.dirtied += row.getLong(8);
                kind.fullPages += row.getLong(9);
                kind.walBytes += row.getBigDecimal(10).longValue();
                kind.fewestRows = Math.min(kind.fewestRows, listRows);
                kind.mostRows = Math.max(kind.mostRows, listRows);
            }
        }
        System.out.printf("  %-62s %5s %7s %8s %9s %7s %7s %8s %7s %7s %7s %7s %8s %8s %8s%n",
                "statement (normalised, cut)", "texts", "calls", "rows", "exec ms", "ms/call", "plans", "plan ms",
                "ms/plan", "exec/em", "plan/em", "blk/call", "dirt/row", "fpi/row", "walB/row");
        kinds.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().execMs + b.getValue().planMs,
                a.getValue().execMs + a.getValue().planMs)).limit(14).forEach(entry -> {
                    Kind kind = entry.getValue();
                    String text = entry.getKey();
                    String shown = (kind.mostRows > 0 ? "[" + kind.fewestRows + "-" + kind.mostRows + "] " : "")
                            + text;
                    double rows = Math.max(1, kind.rows);
                    System.out.printf("  %-62s %5d %7d %8d %9.1f %7.3f %7d %8.1f %7.3f %7.4f %7.4f %7.0f %8.2f %8.3f"
                            + " %8.0f%n",
                            shown.length() > 62 ? shown.substring(0, 62) : shown, kind.texts, kind.calls, kind.rows,
                            kind.execMs, kind.execMs / Math.max(1, kind.calls), kind.plans, kind.planMs,
                            kind.planMs / Math.max(1, kind.plans), kind.execMs / emails, kind.planMs / emails,
                            (double) kind.blocks / Math.max(1, kind.calls), kind.dirtied / rows,
                            kind.fullPages / rows, kind.walBytes / rows);
                });
        double exec = kinds.values().stream().mapToDouble(kind -> kind.execMs).sum();
        double plan = kinds.values().stream().mapToDouble(kind -> kind.planMs).sum();
        long calls = kinds.values().stream().mapToLong(kind -> kind.calls).sum();
        long plans = kinds.values().stream().mapToLong(kind -> kind.plans).sum();
        System.out.printf("  all statements: %d calls, %d planned; execution %.3f ms and planning %.3f ms per email%n",
                calls, plans, exec / emails, plan / emails);
    }
}
