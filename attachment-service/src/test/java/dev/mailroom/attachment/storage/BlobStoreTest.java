package dev.mailroom.attachment.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Writes against the real S3 server (S3Proxy, SigV4) with the hashes the service gives instead of the MinIO client's
 * own: a PUT is signed with the blob's SHA-256, which S3 checks against the bytes; parts go unsigned-payload.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class BlobStoreTest {

    @Inject
    BlobStore store;

    @Inject
    MinioClient client;

    @Inject
    StorageConfig storage;

    @Test
    void shouldStoreAPutSignedWithTheGivenHash() throws Exception {
        byte[] data = randomBytes(1_000_000);
        String key = "test/signed-" + System.nanoTime();

        store.put(key, data, 600_000, sha256(data, 600_000), "application/pdf");

        assertArrayEquals(java.util.Arrays.copyOf(data, 600_000), read(key), "exactly the given length is stored");
    }

    @Test
    void shouldHaveAPutRefusedByS3WhenTheBytesDoNotMatchTheGivenHash() throws Exception {
        byte[] data = randomBytes(100_000);
        String key = "test/mismatch-" + System.nanoTime();

        assertThrows(StorageUnavailableException.class,
                () -> store.put(key, data, data.length, sha256(randomBytes(10), 10), "application/pdf"));

        assertEquals(0, objectsUnder(key), "S3 refused the bytes: nothing under the key");
    }

    @Test
    void shouldJoinPartsSentOneWhileTheNextIsGiven() throws Exception {
        int partSize = 5 * 1024 * 1024;
        byte[] first = randomBytes(partSize);
        byte[] second = randomBytes(partSize);
        byte[] last = randomBytes(1234);
        String key = "test/parted-" + System.nanoTime();

        PartedUpload upload = store.startParted(key, "application/octet-stream");
        try {
            upload.add(first, partSize);
            upload.add(second, partSize);
            upload.add(last, last.length);
            upload.complete();
        } finally {
            upload.abortUnlessCompleted();
        }

        byte[] stored = read(key);
        assertEquals(2 * partSize + last.length, stored.length);
        assertArrayEquals(first, java.util.Arrays.copyOfRange(stored, 0, partSize));
        assertArrayEquals(second, java.util.Arrays.copyOfRange(stored, partSize, 2 * partSize));
        assertArrayEquals(last, java.util.Arrays.copyOfRange(stored, 2 * partSize, stored.length));
    }

    /**
     * What the streamed upload rests on, checked against the real server: a PUT whose connection is cut before its
     * body is complete stores nothing, neither a new object nor over an object already under the key.
     */
    @Test
    void shouldStoreNothingOfAPutCutShort() throws Exception {
        byte[] data = randomBytes(1_000_000);
        String key = "test/cut-" + System.nanoTime();

        cutShortBeforeItsLastBuffer(key, data);

        assertNothingAppears(key);

        byte[] stored = randomBytes(1_000_000);
        store.put(key, stored, stored.length, sha256(stored, stored.length), "application/pdf");
        cutShortBeforeItsLastBuffer(key, data);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> java.util.Arrays.equals(stored, read(key)));
    }

    @Test
    void shouldStoreAStreamedPutOnlyOnceFinished() throws Exception {
        byte[] data = randomBytes(3_000_000);
        String key = "test/streamed-" + System.nanoTime();

        StreamedPut put = store.startStreamed(key, new ByteArrayInputStream(data), data.length,
                sha256(data, data.length), "application/pdf");
        put.awaitLastBuffer();
        assertEquals(0, objectsUnder(key), "the last buffer is held back: no object yet");
        put.finish();
        put.abortUnlessFinished();

        assertArrayEquals(data, read(key));
    }

    /** A body that ends before its declared length is the source's failure, not the storage's; nothing is stored. */
    @Test
    void shouldStoreNothingOfABodyEndingShort() throws Exception {
        byte[] data = randomBytes(1_000_000);
        String key = "test/short-" + System.nanoTime();

        StreamedPut put = store.startStreamed(key, new ByteArrayInputStream(data, 0, 600_000), data.length,
                sha256(data, data.length), "application/pdf");
        assertThrows(StorageUnavailableException.class, put::awaitLastBuffer);
        put.abortUnlessFinished();

        assertTrue(put.sourceFailed(), "the body, not S3, failed");
        assertNothingAppears(key);
    }

    private void cutShortBeforeItsLastBuffer(String key, byte[] data) throws Exception {
        StreamedPut put = store.startStreamed(key, new ByteArrayInputStream(data), data.length,
                sha256(data, data.length), "application/pdf");
        put.awaitLastBuffer();
        put.abortUnlessFinished();
    }

    /** S3 answers a PUT only once its body is complete: a short body can only show up late, so watch a while. */
    private void assertNothingAppears(String key) {
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> objectsUnder(key) == 0);
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(storage.bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private long objectsUnder(String key) {
        var objects = client.listObjects(ListObjectsArgs.builder().bucket(storage.bucket()).prefix(key)
                .recursive(true).build());
        return StreamSupport.stream(objects.spliterator(), false).count();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] data, int length) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(data, 0, length);
        return HexFormat.of().formatHex(digest.digest());
    }
}
