package dev.mailroom.attachment.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import dev.mailroom.attachment.Blob;

/**
 * Reads a blob's row for a download with one JDBC statement on an autocommit connection from the pool: no JTA
 * transaction and no Hibernate session around a single primary-key read (begin, flush, commit and the session's
 * set-up were most of a small download's database time). The row read is not managed: a download only reads it.
 */
@ApplicationScoped
public class BlobRows {

    private static final String SELECT = "SELECT size_bytes, mime_type, reference_count, created_at,"
            + " last_referenced_at FROM blob WHERE sha256 = ?";

    private final DataSource dataSource;

    public BlobRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The row of {@code sha256} (a checked, lower-case hash), empty when there is none. */
    public Optional<Blob> find(String sha256) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setString(1, sha256);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Blob blob = new Blob();
                blob.sha256 = sha256;
                blob.sizeBytes = row.getLong(1);
                blob.mimeType = row.getString(2);
                blob.referenceCount = row.getInt(3);
                blob.createdAt = row.getTimestamp(4).toInstant();
                blob.lastReferencedAt = row.getTimestamp(5).toInstant();
                return Optional.of(blob);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Could not read the row of blob " + sha256, e);
        }
    }
}
