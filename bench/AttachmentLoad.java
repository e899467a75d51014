import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Issue 8's attachment figures, one run: upload and download MB/s through attachment-service beside the raw MinIO
 * client on the same S3 server; dedupe of many uploads of one file; a file far larger than the service's heap.
 * Usage: java -cp <minio jars> bench/AttachmentLoad.java SERVICE_URL S3_ENDPOINT ACCESS SECRET BUCKET SCRATCH
 *        [ROUNDS] [DEDUPE_COUNT] [HUGE_MB] (0 leaves that part out)
 */
public class AttachmentLoad {

    /** The services' token (attachment-service serves no one else), minted by bench/attachments.sh. */
    private static final String BEARER = "Bearer " + System.getProperty("token", "");

    static final double MB = 1_000_000.0;

    public static void main(String[] args) throws Exception {
        String service = args[0];
        MinioClient s3 = MinioClient.builder().endpoint(args[1]).credentials(args[2], args[3]).region("us-east-1")
                .build();
        String bucket = args[4];
        Path scratch = Path.of(args[5]);
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        int dedupe = args.length > 7 ? Integer.parseInt(args[7]) : 1000;
        int hugeMb = args.length > 8 ? Integer.parseInt(args[8]) : 500;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // The service is read and written with OkHttp, the HTTP client inside the MinIO client that the raw side
        // uses, and drained the same way: the ratio compares the paths, not two clients (the JDK's HttpClient
        // reading a body through ofInputStream was itself slower than the raw MinIO client, JFR and probes showed).
        OkHttpClient ok = new OkHttpClient.Builder().readTimeout(5, TimeUnit.MINUTES)
                .writeTimeout(5, TimeUnit.MINUTES).build();
        // One untimed round trip each way on both sides first: connections, TLS-free handshakes and first-call
        // class loading would otherwise land in the first timed round of 1 MB. Only before the timed rounds: a
        // second start of the service, against the same bucket, would answer the same bytes 200, not 201.
        if (rounds > 0) {
            Path warm = randomFile(scratch.resolve("warm.bin"), 1_000_000, 99);
            String warmSha = put(ok, service, warm, "Repr-Digest", "sha-256=:" + sha256Base64(warm) + ":");
            try (Response get = ok.newCall(new Request.Builder().url(service + "/blobs/" + warmSha)
                    .header("Authorization", BEARER).build()).execute()) {
                drain(get.body().byteStream());
            }
            try (InputStream in = Files.newInputStream(warm)) {
                s3.putObject(PutObjectArgs.builder().bucket(bucket).object("bench/warm").stream(in, 1_000_000, -1)
                        .build());
            }
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object("bench/warm").build())) {
                drain(in);
            }
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("bench/warm").build());
        }
        // ROUNDS, DEDUPE or HUGE_MB of 0 leaves that part out: bench/attachments.sh runs the throughput rounds and
        // the dedupe against one start of the service (the platform's heap) and the huge file against another (a
        // small heap), so each claim is measured under the setting it is about.
        for (int size : rounds > 0 ? new int[] {1_000_000, 50_000_000} : new int[0]) {
            double[] service2 = {0, 0, 0};
            double[] raw = {0, 0};
            for (int round = 0; round < rounds; round++) {
                // Fresh bytes each round: every upload really stores, nothing is answered from the dedupe. Seeds
                // even for the file, odd for the other: no two of a run coincide (31r and 37r + 1 did at round 6).
                Path file = randomFile(scratch.resolve("file-" + size + ".bin"), size, round * 2L + size);
                Path other = randomFile(scratch.resolve("other-" + size + ".bin"), size, round * 2L + size + 1);
                // Upload as activity-service does: the hash declared in Repr-Digest, its computation timed too.
                long start = System.nanoTime();
                String sha = put(ok, service, file, "Repr-Digest", "sha-256=:" + sha256Base64(file) + ":");
                service2[0] += seconds(start);
                start = System.nanoTime();
                try (Response get = ok.newCall(new Request.Builder().url(service + "/blobs/" + sha)
                        .header("Authorization", BEARER).build()).execute()) {
                    drain(get.body().byteStream());
                }
                service2[1] += seconds(start);
                // The same size without a declared hash (another file: fresh bytes again).
                start = System.nanoTime();
                put(ok, service, other, "X-Unused", "-");
                service2[2] += seconds(start);

                String key = "bench/raw-" + size + "-" + round;
                start = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, -1).build());
                }
                raw[0] += seconds(start);
                start = System.nanoTime();
                try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                    drain(in);
                }
                raw[1] += seconds(start);
                s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            }
            double total = size / MB * rounds;
            System.out.printf("%d MB  upload: service %.1f MB/s, raw %.1f MB/s (%.0f%%)   download: service %.1f "
                    + "MB/s, raw %.1f MB/s (%.0f%%)   upload without Repr-Digest: %.1f MB/s (%.0f%%)%n",
                    size / 1_000_000, total / service2[0], total / raw[0], 100 * raw[0] / service2[0],
                    total / service2[1], total / raw[1], 100 * raw[1] / service2[1], total / service2[2],
                    100 * raw[0] / service2[2]);
        }

        if (dedupe > 0) {
            dedupe(http, service, s3, bucket, scratch, dedupe);
        }
        if (hugeMb > 0) {
            huge(http, service, scratch, hugeMb);
        }
        s3.close();
    }

    /** DEDUPE uploads of one 5 MB file, and how much the bucket grew. */
    static void dedupe(HttpClient http, String service, MinioClient s3, String bucket, Path scratch, int dedupe)
            throws Exception {
        Path five = randomFile(scratch.resolve("five.bin"), 5 * 1_000_000, 5);
        long before = bucketBytes(s3, bucket);
        long start = System.nanoTime();
        int created = 0;
        for (int i = 0; i < dedupe; i++) {
            int status = http.send(blobs(service)
                    .header("Content-Type", "application/pdf").PUT(HttpRequest.BodyPublishers.ofFile(five)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            created += status == 201 ? 1 : 0;
        }
        System.out.printf("dedupe: %d uploads of one 5 MB file in %.1f s, %d stored, bucket grew by %d bytes "
                + "(%.2f x the file)%n", dedupe, seconds(start), created, bucketBytes(s3, bucket) - before,
                (bucketBytes(s3, bucket) - before) / 5_000_000.0);
    }

    /** One HUGE_MB file up and down: the proof that neither direction holds the file in the heap. */
    static void huge(HttpClient http, String service, Path scratch, int hugeMb) throws Exception {
        long huge = hugeMb * 1_000_000L;
        Path big = randomFile(scratch.resolve("huge.bin"), huge, 7);
        long start = System.nanoTime();
        HttpResponse<String> put = http.send(blobs(service)
                .PUT(HttpRequest.BodyPublishers.ofFile(big)).build(), HttpResponse.BodyHandlers.ofString());
        double up = seconds(start);
        String sha = put.body().replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
        start = System.nanoTime();
        long read;
        try (InputStream in = http.send(blob(service, sha).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
            read = drain(in);
        }
        System.out.printf("huge: %d MB up in %.1f s (status %d), %d bytes down in %.1f s%n", hugeMb, up,
                put.statusCode(), read, seconds(start));
    }

    /** PUT /blobs with the services' token and one extra header; the stored blob's hash. */
    static String put(OkHttpClient ok, String service, Path file, String header, String value) throws IOException {
        try (Response put = ok.newCall(new Request.Builder().url(service + "/blobs").header("Authorization", BEARER)
                .header(header, value).put(RequestBody.create(file.toFile(),
                        okhttp3.MediaType.get("application/octet-stream"))).build()).execute()) {
            String body = put.body().string();
            if (put.code() != 201) {
                throw new IllegalStateException("upload answered " + put.code() + ": " + body);
            }
            return body.replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
        }
    }

    static String sha256Base64(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    static Path randomFile(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            total += n;
        }
        return total;
    }

    static long bucketBytes(MinioClient s3, String bucket) throws Exception {
        long total = 0;
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            total += item.get().size();
        }
        return total;
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static HttpRequest.Builder blobs(String service) {
        return HttpRequest.newBuilder(URI.create(service + "/blobs")).header("Authorization", BEARER);
    }

    private static HttpRequest.Builder blob(String service, String sha) {
        return HttpRequest.newBuilder(URI.create(service + "/blobs/" + sha)).header("Authorization", BEARER);
    }
}
