package dev.mailroom.activity.odata.rest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.ConfigProvider;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

/**
 * Looks behind the Web API, as a test must to prove where bytes are: the objects in attachment-service's S3 bucket
 * (through the real S3 API) and its blob rows (reference counts) in the shared PostgreSQL.
 */
final class AttachmentStorage {

    static final String BUCKET = "mailroom-attachments";

    private AttachmentStorage() {
    }

    /** Every object key in the bucket. */
    static List<String> objectKeys() {
        var config = ConfigProvider.getConfig();
        MinioClient client = MinioClient.builder()
                .endpoint(config.getValue("local-stack.s3.endpoint", String.class))
                .credentials(config.getValue("local-stack.s3.access-key", String.class),
                        config.getValue("local-stack.s3.secret-key", String.class))
                .region("us-east-1").build();
        try {
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder().bucket(BUCKET)
                    .recursive(true).build());
            return StreamSupport.stream(results.spliterator(), false).map(result -> {
                try {
                    return result.get().objectName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } finally {
            try {
                client.close();
            } catch (Exception e) {
                // the client holds no state worth reporting
            }
        }
    }

    static String objectKey(String sha256) {
        return "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    /** attachment-service's reference count of a blob, or null when it has no row. */
    static Integer referenceCount(DataSource dataSource, String sha256) throws Exception {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "SELECT reference_count FROM attachment.blob WHERE sha256 = ?")) {
            statement.setString(1, sha256);
            try (var results = statement.executeQuery()) {
                return results.next() ? results.getInt(1) : null;
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
