package dev.mailroom.activity.service;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import org.jboss.logging.Logger;

import dev.mailroom.activity.config.GroupCommitConfig;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.RecordChange;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Creates of concurrent requests share one transaction: each request checks and prepares its rows on its own
 * thread, then hands them to a small set of writers, which take whatever has queued up (up to
 * {@code activity.group-commit.max-size}), write it as one multi-row INSERT per table (and the outbox rows as
 * one), commit once, and answer every request of the group. Under load a commit and its round trips are paid
 * once per group instead of once per create; alone, a create waits for nothing but its own commit.
 *
 * <p>A group is all or nothing, but its requests are not: when a group fails (a key written twice by two
 * requests of it, a row the store refuses), it is rolled back and every create of it is written again in a
 * transaction of its own, so only the request whose row failed gets the error and no record is half written.
 * A create inside a transaction already (a $batch change set, an upsert) is written in that transaction.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final RecordWriter writer;
    private final TransactionManager transactions;
    private final GroupCommitConfig config;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public GroupCommit(RecordWriter writer, TransactionManager transactions, GroupCommitConfig config) {
        this.writer = writer;
        this.transactions = transactions;
        this.config = config;
    }

    /** Creates the record of {@code change}, answering once the row is committed. */
    public UUID create(RecordChange change) {
        if (!config.enabled() || inTransaction() || !RecordWriter.groupable(change)) {
            return writer.create(change, null);
        }
        Pending pending = new Pending(writer.prepare(change, null), new CompletableFuture<>());
        startWriters();
        queue.add(pending);
        try {
            pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the create was written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(e.getCause());
        }
        return pending.create().id();
    }

    private boolean inTransaction() {
        try {
            return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
        } catch (SystemException e) {
            return true;
        }
    }

    private synchronized void startWriters() {
        if (!writers.isEmpty() || !running) {
            return;
        }
        for (int i = 0; i < Math.max(1, config.writers()); i++) {
            Thread thread = new Thread(this::writeGroups, "group-commit-" + i);
            thread.setDaemon(true);
            thread.start();
            writers.add(thread);
        }
    }

    private void writeGroups() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, Math.max(1, config.maxSize()) - 1);
                answer(group);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                group.forEach(pending -> pending.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void answer(List<Pending> group) {
        List<RuntimeException> failures = write(group.stream().map(Pending::create).toList());
        for (int i = 0; i < group.size(); i++) {
            if (failures.get(i) == null) {
                group.get(i).done().complete(null);
            } else {
                group.get(i).done().completeExceptionally(failures.get(i));
            }
        }
    }

    /**
     * Writes a group in one transaction or, when that fails, each create in its own.
     *
     * @return per create, in order, null when it was committed, or why it was not
     */
    List<RuntimeException> write(List<PreparedCreate> group) {
        List<RuntimeException> failures = new ArrayList<>(java.util.Collections.nCopies(group.size(), null));
        if (group.size() > 1) {
            try {
                QuarkusTransaction.requiringNew().run(() -> writer.insert(group));
                return failures;
            } catch (RuntimeException e) {
                LOG.debugf(e, "A group of %d creates failed; writing them one by one", group.size());
            }
        }
        for (int i = 0; i < group.size(); i++) {
            PreparedCreate create = group.get(i);
            try {
                QuarkusTransaction.requiringNew().run(() -> writer.insert(List.of(create)));
            } catch (RuntimeException e) {
                failures.set(i, duplicateKey(e) ? DataverseError.DUPLICATE_RECORD
                        .withMessage("A record with matching key values already exists.") : e);
            }
        }
        return failures;
    }

    /** A key given by the client and taken meanwhile by another request: Dataverse's duplicate record. */
    private static boolean duplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataverseException) {
                return false;
            }
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void stop() {
        running = false;
        for (Thread thread : writers) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Pending(PreparedCreate create, CompletableFuture<Void> done) {
    }
}
