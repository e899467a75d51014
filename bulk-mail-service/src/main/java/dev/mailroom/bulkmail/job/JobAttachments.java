package dev.mailroom.bulkmail.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.events.EmailAttachment;

/**
 * The template's files of each job (bulk_job_attachment), by reference: recorded with the job, read by every
 * instance that fans out its pages. The bytes stay in attachment-service; activity-service keeps them referenced
 * for the job.
 */
@ApplicationScoped
public class JobAttachments {

    private final DataSource dataSource;

    public JobAttachments(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a new job's files, in their order, in the transaction that records the job. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID jobId, List<EmailAttachment> files) {
        if (files.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO bulk_job_attachment (job_id, "
                        + "position, sha256, filename, mime_type, size_bytes) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < files.size(); i++) {
                EmailAttachment file = files.get(i);
                statement.setObject(1, jobId);
                statement.setInt(2, i);
                statement.setString(3, file.sha256());
                statement.setString(4, file.filename());
                statement.setString(5, file.mimeType());
                statement.setLong(6, file.size());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the files of bulk job " + jobId + ": "
                    + e.getMessage(), e);
        }
    }

    /** A job's files in order; none for a template without files. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EmailAttachment> of(UUID jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT sha256, filename, mime_type, "
                        + "size_bytes FROM bulk_job_attachment WHERE job_id = ? ORDER BY position")) {
            statement.setObject(1, jobId);
            List<EmailAttachment> files = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    files.add(new EmailAttachment(rs.getString(1).trim(), rs.getString(2), rs.getString(3),
                            rs.getLong(4)));
                }
            }
            return List.copyOf(files);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the files of bulk job " + jobId + ": "
                    + e.getMessage(), e);
        }
    }
}
