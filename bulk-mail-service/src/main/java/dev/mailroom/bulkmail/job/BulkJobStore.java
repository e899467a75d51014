package dev.mailroom.bulkmail.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.events.BulkMailRequested;

/**
 * The bulk_job and bulk_page rows. Locks are chosen so that pages of one job fan out side by side: a page takes
 * the job row FOR KEY SHARE (it only needs the job to stay RUNNING), the pager's plain UPDATE does not conflict
 * with that, and a cancellation takes FOR UPDATE, so it waits for the pages in flight and then stops the rest.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BulkJobStore {

    private static final String COLUMNS = "job_id, sender_id, sender_type, sender, template_id, template_subject, "
            + "template_body, regarding_type, regarding_id, entity_set, filter, paging_cookie, pages_published, "
            + "paging_done, state, started_at";

    private final DataSource dataSource;

    public BulkJobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Serialises the recording of a job with its cancellation, so a cancellation that overtakes its request is
     * never missed by both.
     */
    public void lockJobKey(UUID jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT pg_advisory_xact_lock(hashtext('bulk-job:' || ?::text))")) {
            statement.setObject(1, jobId);
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    public void recordCancellation(UUID jobId) {
        update("INSERT INTO bulk_cancellation (job_id) VALUES (?) ON CONFLICT DO NOTHING", jobId);
    }

    public boolean isCancelled(UUID jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM bulk_cancellation WHERE job_id = ?")) {
            statement.setObject(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read cancellations: " + e.getMessage(), e);
        }
    }

    /** @return false when the job was recorded before (a redelivered request) */
    public boolean create(BulkMailRequested request, String firstPage) {
        return update("INSERT INTO bulk_job (job_id, sender_id, sender_type, sender, template_id, template_subject, "
                + "template_body, regarding_type, regarding_id, entity_set, filter, paging_cookie, state, started_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?) ON CONFLICT (job_id) DO NOTHING",
                request.asyncOperationId(), request.senderId(), request.senderType(), request.senderAddress(),
                request.templateId(), request.templateSubject(), request.templateBody(), request.regardingType(),
                request.regardingId(), request.entitySet(), request.filter(), firstPage,
                Timestamp.from(request.occurredAt())) == 1;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BulkJob> find(UUID jobId) {
        return query("SELECT " + COLUMNS + " FROM bulk_job WHERE job_id = ?", jobId);
    }

    /** The job's state, holding it until the page's transaction ends (see the class comment). */
    public Optional<BulkJob> lockForPage(UUID jobId) {
        return query("SELECT " + COLUMNS + " FROM bulk_job WHERE job_id = ? FOR KEY SHARE", jobId);
    }

    /**
     * Moves the paging cursor past a read just made, if this pager is still the one that made it (another instance
     * may have taken the job over) and the job still runs.
     *
     * @param pages how many pages the read is published as (none for an empty read)
     * @return whether the read is this pager's to publish
     */
    public boolean advance(UUID jobId, int pagesPublishedBefore, int recipients, int pages, String next) {
        return update("UPDATE bulk_job SET paging_cookie = ?, paging_done = ?, recipients_read = recipients_read + ?, "
                + "pages_published = pages_published + ? WHERE job_id = ? AND state = 'RUNNING' AND NOT paging_done "
                + "AND pages_published = ?", next, next == null, recipients, pages, jobId,
                pagesPublishedBefore) == 1;
    }

    /**
     * Records a page as dealt with; a page recorded before is left as it was.
     *
     * @return whether the page was recorded now (false: it had been before)
     */
    public boolean recordPage(UUID jobId, int pageNumber, int created, int skipped) {
        return update("INSERT INTO bulk_page (job_id, page_number, created, skipped) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", jobId, pageNumber, created, skipped) == 1;
    }

    /** Ends a running job; waits for the pages in flight. @return whether it was running */
    public boolean end(UUID jobId, BulkJob.State state, String failure) {
        query("SELECT " + COLUMNS + " FROM bulk_job WHERE job_id = ? FOR UPDATE", jobId);
        return update("UPDATE bulk_job SET state = ?, failure = ?, completed_at = now() WHERE job_id = ? "
                + "AND state = 'RUNNING'", state.name(), failure, jobId) == 1;
    }

    /** Completes the job when paging is done and every published page has been dealt with. */
    public boolean completeIfDone(UUID jobId) {
        return update("UPDATE bulk_job SET state = 'COMPLETED', completed_at = now() WHERE job_id = ? "
                + "AND state = 'RUNNING' AND paging_done "
                + "AND pages_published = (SELECT count(*) FROM bulk_page WHERE job_id = ?)", jobId, jobId) == 1;
    }

    public JobCounts counts(UUID jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT j.recipients_read, "
                        + "COALESCE(SUM(p.created), 0), COALESCE(SUM(p.skipped), 0) FROM bulk_job j "
                        + "LEFT JOIN bulk_page p ON p.job_id = j.job_id WHERE j.job_id = ? "
                        + "GROUP BY j.recipients_read")) {
            statement.setObject(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new JobCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3)) : new JobCounts(0, 0, 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    public long nextProgressSequence() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT nextval('bulk_progress_sequence')");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not number a progress report: " + e.getMessage(), e);
        }
    }

    /** Jobs whose paging has finished but which are still running: candidates for completion. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> pagedButRunning() {
        List<UUID> jobs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT job_id FROM bulk_job WHERE state = 'RUNNING' AND paging_done");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                jobs.add(rs.getObject(1, UUID.class));
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list running jobs: " + e.getMessage(), e);
        }
    }

    private Optional<BulkJob> query(String sql, UUID jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new BulkJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getObject(9, UUID.class), rs.getString(10),
                        rs.getString(11), rs.getString(12), rs.getInt(13), rs.getBoolean(14),
                        BulkJob.State.valueOf(rs.getString(15)), rs.getTimestamp(16).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Bulk job update failed: " + e.getMessage(), e);
        }
    }
}
