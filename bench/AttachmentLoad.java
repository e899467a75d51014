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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import okhttp3.Protocol;
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

    /**
     * A second instance of the service in redirect mode (bench/attachments.sh; empty: none): its downloads answer 307
     * to a presigned S3 URL that OkHttp follows (dropping the bearer token, as it does on a redirect to another host).
     */
    static final String REDIRECT_SERVICE = System.getProperty("redirect.service", "");

    public static void main(String[] args) throws Exception {
        String service = args[0];
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
                .writeTimeout(5, TimeUnit.MINUTES).protocols(List.of(Protocol.HTTP_1_1)).build();
        // The raw side's MinIO client runs on that very OkHttpClient (as MinIO's own default: HTTP/1.1, 5 minute
        // timeouts): one connection pool, one dispatcher, the same socket buffers for both sides.
        MinioClient s3 = MinioClient.builder().endpoint(args[1]).credentials(args[2], args[3]).region("us-east-1")
                .httpClient(ok).build();
        CpuMeter cpu = CpuMeter.fromProperty(System.getProperty("cpu.pids", ""));
        int warmup = Integer.getInteger("warmup", 3);
        // Untimed rounds of both sizes on both sides first (WARMUP; bench/attachments.sh gives 100): the service's
        // JVM, the S3 server's and this one compile the paths they run (a single round trip left the first timed
        // rounds in the interpreter on the service side only, the raw side's code being mostly the same OkHttp),
        // and a service that has run for a while is warm (after 300 rounds of 1 MB its JIT still took a quarter of
        // its CPU in the timed downloads; bench/attachments.sh gives 3,000 1 MB rounds). Only before the
        // timed rounds: a second start of the service, against the same bucket, would answer the same bytes 200.
        // Fresh bytes each round: every upload really stores, nothing is answered from the dedupe. Seeds even for
        // the file, odd for the other, negative for the warm-up: no two of a run coincide.
        // A 1 MB round is short: its own counts (WARMUP_1MB, ROUNDS_1MB) let it warm up and run long enough for a
        // steady figure, as a service that has run for days is warm, without as many 50 MB rounds.
        int smallWarmup = Integer.getInteger("warmup.1mb", warmup);
        int smallRounds = Integer.getInteger("rounds.1mb", rounds);
        for (int size : rounds > 0 ? new int[] {1_000_000, 50_000_000} : new int[0]) {
            int sizeWarmup = size == 1_000_000 ? smallWarmup : warmup;
            int sizeRounds = size == 1_000_000 ? smallRounds : rounds;
            for (int round = 0; round < sizeWarmup; round++) {
                round(ok, service, s3, bucket, scratch, size, -(round * 2L + size) - 2, null);
            }
            Phases phases = new Phases(cpu);
            for (int round = 0; round < sizeRounds; round++) {
                round(ok, service, s3, bucket, scratch, size, round * 2L + size, phases);
            }
            double total = size / MB * sizeRounds;
            double[] t = phases.seconds;
            System.out.printf("%d MB  upload: service %.1f MB/s, raw %.1f MB/s (%.0f%%)   download: service %.1f "
                    + "MB/s, raw %.1f MB/s (%.0f%%)   upload without Repr-Digest: %.1f MB/s (%.0f%%)%n",
                    size / 1_000_000, total / t[0], total / t[3], 100 * t[3] / t[0],
                    total / t[1], total / t[4], 100 * t[4] / t[1], total / t[2], 100 * t[3] / t[2]);
            if (!REDIRECT_SERVICE.isEmpty()) {
                System.out.printf("%d MB  download via service, 307 redirect to S3 (its own row, not the proxied "
                        + "figure): %.1f MB/s (%.0f%% of raw)%n", size / 1_000_000, total / t[5], 100 * t[4] / t[5]);
            }
            phases.print(size / 1_000_000, total);
        }

        if (dedupe > 0) {
            dedupe(http, service, s3, bucket, scratch, dedupe);
        }
        if (hugeMb > 0) {
            huge(http, service, scratch, hugeMb);
        }
        s3.close();
    }

    /**
     * One round of one size: through the service (upload with Repr-Digest, download, upload of other bytes without
     * it), then raw (upload, download, delete). Each transfer is timed, and its CPU counted, into {@code phases}
     * (null: untimed warm-up).
     */
    static void round(OkHttpClient ok, String service, MinioClient s3, String bucket, Path scratch, int size,
            long seed, Phases phases) throws Exception {
        Path file = randomFile(scratch.resolve("file-" + size + ".bin"), size, seed);
        Path other = randomFile(scratch.resolve("other-" + size + ".bin"), size, seed + 1);
        // Upload as activity-service does: the hash declared in Repr-Digest, its computation timed too.
        Phases.Mark mark = Phases.start(phases);
        String sha = put(ok, service, file, "Repr-Digest", "sha-256=:" + sha256Base64(file) + ":");
        mark.end(0);
        mark = Phases.start(phases);
        try (Response get = ok.newCall(new Request.Builder().url(service + "/blobs/" + sha)
                .header("Authorization", BEARER).build()).execute()) {
            drain(get.body().byteStream());
        }
        mark.end(1);
        if (!REDIRECT_SERVICE.isEmpty()) {
            mark = Phases.start(phases);
            try (Response get = ok.newCall(new Request.Builder().url(REDIRECT_SERVICE + "/blobs/" + sha)
                    .header("Authorization", BEARER).build()).execute()) {
                long read = drain(get.body().byteStream());
                if (get.priorResponse() == null || get.priorResponse().code() != 307 || read != size) {
                    throw new IllegalStateException("the redirect download gave " + get.code() + ", " + read
                            + " bytes, after " + get.priorResponse());
                }
            }
            mark.end(5);
        }
        // The same size without a declared hash (another file: fresh bytes again).
        mark = Phases.start(phases);
        put(ok, service, other, "X-Unused", "-");
        mark.end(2);

        String key = "bench/raw-" + size + "-" + seed;
        mark = Phases.start(phases);
        try (InputStream in = Files.newInputStream(file)) {
            s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, -1).build());
        }
        mark.end(3);
        mark = Phases.start(phases);
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            drain(in);
        }
        mark.end(4);
        s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    }

    /** Time and CPU per process of each of the five transfers of a round, summed over the timed rounds. */
    static final class Phases {
        static final String[] NAMES = {"upload via service (Repr-Digest)", "download via service",
            "upload via service (no digest)", "upload raw MinIO", "download raw MinIO",
            "download via service, 307 redirect"};
        final CpuMeter cpu;
        final double[] seconds = new double[NAMES.length];
        final long[][] ticks;

        final ThreadMeter threads;
        final Map<String, Long> downloadThreads = new TreeMap<>();

        Phases(CpuMeter cpu) {
            this.cpu = cpu;
            this.ticks = new long[NAMES.length][cpu.names.size()];
            this.threads = new ThreadMeter(cpu.servicePid);
        }

        interface Mark {
            void end(int phase);
        }

        static Mark start(Phases phases) {
            if (phases == null) {
                return phase -> { };
            }
            // The service's threads are read outside the process columns' reads, so their cost is in no column.
            Map<String, Long> threadsBefore = phases.threads.read();
            long[] before = phases.cpu.read();
            long start = System.nanoTime();
            return phase -> {
                phases.seconds[phase] += seconds(start);
                long[] after = phases.cpu.read();
                for (int i = 0; i < after.length; i++) {
                    phases.ticks[phase][i] += after[i] - before[i];
                }
                if (phase == 1) {
                    phases.threads.read().forEach((group, ticks) -> phases.downloadThreads.merge(group,
                            ticks - threadsBefore.getOrDefault(group, 0L), Long::sum));
                }
            };
        }

        /** CPU milliseconds per MB moved, per process, for each transfer. */
        void print(int sizeMb, double megabytes) {
            for (int phase = 0; phase < NAMES.length; phase++) {
                if (seconds[phase] == 0) {
                    continue; // the redirect instance was left out
                }
                StringBuilder line = new StringBuilder(String.format("%d MB  cpu ms/MB  %-33s", sizeMb,
                        NAMES[phase]));
                for (int i = 0; i < cpu.names.size(); i++) {
                    line.append(String.format("  %s %.2f", cpu.names.get(i),
                            ticks[phase][i] * cpu.msPerTick / megabytes));
                }
                System.out.println(line);
            }
            // Which of the service's threads the download through it costs: JFR's execution samples see only Java
            // frames, not the collector, the JIT compilers or native code.
            StringBuilder line = new StringBuilder(String.format("%d MB  service threads, cpu ms/MB of the download "
                    + "via service:", sizeMb));
            downloadThreads.entrySet().stream().filter(e -> e.getValue() != 0)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> line.append(String.format("  %s %.3f", e.getKey(),
                            e.getValue() * cpu.msPerTick / megabytes)));
            System.out.println(line);
        }
    }

    /**
     * CPU of the service's threads (utime + stime of /proc/PID/task/TID/stat), summed by name with the thread
     * number masked ("C# CompilerThre", "executor-thread", "VM Thread"; the kernel cuts names at 15 characters), the
     * event loops one by one ("vert.x-eventloo[TID]"). Threads that ended between two reads drop out of the later one, so a group can lose a little.
     */
    static final class ThreadMeter {
        final Path tasks;

        ThreadMeter(String pid) {
            this.tasks = pid == null ? null : Path.of("/proc", pid, "task");
        }

        Map<String, Long> read() {
            Map<String, Long> groups = new TreeMap<>();
            if (tasks == null) {
                return groups;
            }
            try (var list = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) list::iterator) {
                    try {
                        String text = Files.readString(task.resolve("stat"));
                        String comm = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
                        // The event loops' names are cut before their number: each is told apart by its thread id,
                        // to show whether a download's S3 side and client side run on one loop or hand over.
                        String name = comm.startsWith("vert.x-eventloo") ? comm + "[" + task.getFileName() + "]"
                                : comm.replaceAll("[0-9]+", "#");
                        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                        groups.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended while listed
                    }
                }
            } catch (IOException e) {
                // the service is gone: nothing to count
            }
            return groups;
        }
    }

    /**
     * CPU time of named processes, of this JVM, and of the whole machine (all cores; busy = not idle, not iowait),
     * from /proc, in clock ticks (USER_HZ, 100 a second on Linux): utime + stime of each process, the busy columns
     * of /proc/stat. Read around each transfer; a read is a few small files, cheap beside a 1 MB transfer.
     */
    static final class CpuMeter {
        final List<String> names = new ArrayList<>();
        final List<Path> stats = new ArrayList<>();
        final double msPerTick = 10.0;
        String servicePid;

        /** {@code name=pid,name=pid}; this JVM ("client") and the machine are always added. */
        static CpuMeter fromProperty(String pids) {
            CpuMeter meter = new CpuMeter();
            for (String entry : pids.split(",")) {
                if (entry.contains("=")) {
                    meter.names.add(entry.substring(0, entry.indexOf('=')));
                    String pid = entry.substring(entry.indexOf('=') + 1).trim();
                    meter.stats.add(Path.of("/proc", pid, "stat"));
                    if (entry.startsWith("attachment-service=")) {
                        meter.servicePid = pid;
                    }
                }
            }
            meter.names.add("client");
            meter.stats.add(Path.of("/proc/self/stat"));
            meter.names.add("machine");
            meter.stats.add(Path.of("/proc/stat"));
            return meter;
        }

        long[] read() {
            long[] ticks = new long[stats.size()];
            for (int i = 0; i < stats.size(); i++) {
                try {
                    String text = Files.readString(stats.get(i));
                    if (i == stats.size() - 1) {
                        // "cpu  user nice system idle iowait irq softirq steal ...": busy = all but idle and iowait
                        String[] f = text.substring(0, text.indexOf('\n')).trim().split("\\s+");
                        for (int c = 1; c < f.length && c <= 8; c++) {
                            ticks[i] += c == 4 || c == 5 ? 0 : Long.parseLong(f[c]);
                        }
                    } else {
                        // after the command's closing parenthesis: field 14 (utime) and 15 (stime) of proc(5)
                        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                        ticks[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    ticks[i] = 0; // a process gone: its column stays flat
                }
            }
            return ticks;
        }
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
