import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for the Web API (run by bench/web-api.sh, JDK only): creates of an email with 3 parties at full
 * speed and at a steady 300/s, `$filter`+`$top=50` reads, and page 1 against page 1,000 of a 100,000-row read.
 * Latency of the steady phase is measured from each request's scheduled start, so a stall is not hidden.
 */
public class WebApiLoad {

    static final String ROOT = System.getProperty("root", "http://127.0.0.1:8081/api/data/v9.2/");
    /** The bearer token every call carries (bench/platform.sh mints the local administrator's). */
    static final String AUTHORIZATION = "Bearer " + System.getProperty("token", System.getenv("TOKEN"));
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String EMAIL = """
            {"subject":"Benchmark %s","description":"<p>Load</p>","email_activity_parties":[
            {"participationtypemask":1,"addressused":"sender@mailroom.local"},
            {"participationtypemask":2,"addressused":"to@example.com"},
            {"participationtypemask":3,"addressused":"cc@example.com"}]}""";

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 32);
        int seconds = Integer.getInteger("seconds", 20);
        int seedRows = Integer.getInteger("seed", 100_000);
        // Which phases run, in this order: creates, steady, reads (seeds the rows first), pages (needs them).
        java.util.Set<String> phases = java.util.Set.of(System.getProperty("phases", "creates,steady,reads,pages")
                .split(","));
        warmUp(clients, Integer.getInteger("warmup", 180));
        if (phases.contains("creates")) {
            throughput("creates, " + clients + " clients, full speed", seconds,
                    closedLoop(clients, seconds, WebApiLoad::create));
        }
        if (phases.contains("steady")) {
            settle();
            report("creates, steady 300/s", openLoop(300, seconds, WebApiLoad::create));
        }
        if (phases.contains("reads")) {
            seed(seedRows);
            throughput("reads $filter&$top=50, " + clients + " clients", seconds, closedLoop(clients, seconds,
                    () -> get(ROOT + "emails?$select=subject,statuscode&$filter=statuscode%20eq%201&$top=50", null)));
        }
        if (phases.contains("pages")) {
            pages();
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static void create() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(ROOT + "emails"))
                .header("Authorization", AUTHORIZATION)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        EMAIL.formatted(UUID.randomUUID()))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String get(String url, String prefer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTHORIZATION)
                .header("Accept", "application/json");
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * The service as it runs for days: its hot paths compiled by the JIT, its pools and caches filled. Creates and
     * reads at full speed for {@code seconds} (-Dwarmup, default 180, 0: off) before anything is measured; figures
     * taken after it are warm figures. On 2 cores a JVM that is still compiling takes CPU from the requests it
     * serves: with the whole platform on the machine, C2 was still compiling the create path after 60 s and had
     * settled after 180 s (docs/benchmarks.md, Web API run 10).
     */
    static void warmUp(int clients, int seconds) throws Exception {
        long start = System.nanoTime();
        List<Long> creates = closedLoop(clients, seconds, () -> {
            create();
            get(ROOT + "emails?$top=5&$filter=statuscode%20eq%201", null);
        });
        System.out.printf("warm-up: %d creates and reads in %.1f s (not counted)%n", creates.size(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Every client sends its next request when the last one returns. */
    static List<Long> closedLoop(int clients, int seconds, Call call) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    call.run();
                    latencies.add(System.nanoTime() - start);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        return latencies;
    }

    /**
     * A pause of -Dsettle seconds (default 10) before the steady phase, so that what the full-speed phase left
     * behind (the outbox relay's backlog, the consumers of the created events) is not counted against it.
     */
    static void settle() throws InterruptedException {
        int seconds = Integer.getInteger("settle", 10);
        if (seconds > 0) {
            System.out.printf("  (settling for %d s before the steady phase)%n", seconds);
            TimeUnit.SECONDS.sleep(seconds);
        }
    }

    /**
     * Requests start on a fixed schedule whatever the answers do; latency counts from the scheduled start. Also
     * prints p50/p99 per 5-second slice of the schedule, so a stall at one moment shows as such.
     */
    static List<Long> openLoop(int perSecond, int seconds, Call call) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int slices = (seconds + 4) / 5;
        List<List<Long>> bySlice = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            bySlice.add(Collections.synchronizedList(new ArrayList<>()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(256);
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long begin = System.nanoTime();
        for (int i = 0; i < perSecond * seconds; i++) {
            long scheduled = begin + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            List<Long> slice = bySlice.get(i / (perSecond * 5));
            pool.submit(() -> {
                call.run();
                long latency = System.nanoTime() - scheduled;
                latencies.add(latency);
                slice.add(latency);
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - begin;
        System.out.printf("  (offered %d/s for %d s, finished in %.1f s)%n", perSecond, seconds, elapsed / 1e9);
        for (int i = 0; i < slices; i++) {
            System.out.printf("  %3d-%3d s: p50 %6.1f ms  p99 %6.1f ms%n", i * 5, i * 5 + 5,
                    percentile(bySlice.get(i), 50), percentile(bySlice.get(i), 99));
        }
        return latencies;
    }

    /** Drafts through $batch change sets of 1,000 creates: one transaction each. */
    static void seed(int rows) throws Exception {
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> batches = new ArrayList<>();
        for (int b = 0; b < rows / 1000; b++) {
            batches.add(pool.submit(() -> {
                StringBuilder body = new StringBuilder("--batch_seed\r\nContent-Type: multipart/mixed; "
                        + "boundary=changeset_seed\r\n\r\n");
                for (int i = 1; i <= 1000; i++) {
                    body.append("--changeset_seed\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: "
                            + "binary\r\nContent-ID: ").append(i).append("\r\n\r\nPOST ").append(ROOT)
                            .append("emails HTTP/1.1\r\nContent-Type: application/json\r\n\r\n")
                            .append(EMAIL.formatted(UUID.randomUUID()).replace("\n", "")).append("\r\n");
                }
                body.append("--changeset_seed--\r\n--batch_seed--\r\n");
                HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(ROOT + "$batch"))
                        .header("Authorization", AUTHORIZATION)
                        .header("Content-Type", "multipart/mixed; boundary=batch_seed")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || response.body().contains("HTTP/1.1 4")) {
                    throw new IllegalStateException("seed batch failed: " + response.body().substring(0, 500));
                }
                done.addAndGet(1000);
                return null;
            }));
        }
        for (var batch : batches) {
            batch.get();
        }
        pool.shutdown();
        System.out.printf("seeded %d emails through $batch in %.1f s (%.0f rows/s)%n", done.get(),
                (System.nanoTime() - start) / 1e9, done.get() / ((System.nanoTime() - start) / 1e9));
    }

    /** Walks nextLinks to page 1,000 of 100 rows, then times page 1 and page 1,000 alike. */
    static void pages() throws Exception {
        String first = ROOT + "emails?$select=subject,createdon&$filter=statuscode%20eq%201";
        String prefer = "odata.maxpagesize=100";
        Pattern next = Pattern.compile("\"@odata.nextLink\":\"([^\"]+)\"");
        String url = first;
        for (int page = 1; page < 1000; page++) {
            Matcher matcher = next.matcher(get(url, prefer));
            if (!matcher.find()) {
                throw new IllegalStateException("no page " + (page + 1));
            }
            url = matcher.group(1);
        }
        String thousandth = url;
        List<Long> one = new ArrayList<>();
        List<Long> thousand = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            get(first, prefer);
            one.add(System.nanoTime() - start);
            start = System.nanoTime();
            get(thousandth, prefer);
            thousand.add(System.nanoTime() - start);
        }
        report("page 1 of 100 rows", one);
        report("page 1,000 of 100 rows", thousand);
        System.out.printf("page 1,000 / page 1 (p50): %.2f%n", percentile(thousand, 50) / percentile(one, 50));
    }

    static void throughput(String name, int seconds, List<Long> latencies) {
        report(name, latencies);
        System.out.printf("%-40s %8.0f requests/s%n", "", latencies.size() / (double) seconds);
    }

    static void report(String name, List<Long> latencies) {
        System.out.printf("%-40s %8d requests  p50 %6.1f ms  p99 %6.1f ms%n", name, latencies.size(),
                percentile(latencies, 50), percentile(latencies, 99));
    }

    static double percentile(List<Long> latencies, double p) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
