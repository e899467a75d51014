package dev.mailroom.activity;

import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.awaitility.Awaitility;

/**
 * attachment-service's reference count of a blob, read from its own table (the test stack's one database, schema
 * {@code attachment}): how the tests see who holds a file's bytes.
 */
@Singleton
public class BlobReferenceCounts {

    @Inject
    DataSource dataSource;

    /** The blob's reference count; -1 when there is no such blob (never stored, or collected). */
    public int of(String sha256) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "SELECT reference_count FROM attachment.blob WHERE sha256 = ?")) {
            statement.setString(1, sha256);
            try (var results = statement.executeQuery()) {
                return results.next() ? results.getInt(1) : -1;
            }
        }
    }

    /** Waits (60 s) until the count is {@code count}: releases cross a service boundary after a commit. */
    public void awaitCount(String sha256, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> of(sha256) == count);
    }

    /** Waits (60 s) until no reference is left: the count is 0, or the collector already deleted the blob. */
    public void awaitReleased(String sha256) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> of(sha256) <= 0);
    }
}
