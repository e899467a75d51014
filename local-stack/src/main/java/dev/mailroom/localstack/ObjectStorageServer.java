package dev.mailroom.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real S3 API server (S3Proxy over the local file system, SigV4 enforced) in a child JVM: its runnable jar
 * carries its own Jetty, Jackson 3 and cloud SDKs, which must not meet Kafka's on one classpath.
 */
final class ObjectStorageServer implements StackComponent {

    static final String ACCESS_KEY = "mailroom";
    static final String SECRET_KEY = "mailroom-secret-key";

    private final Path dataDir;
    private final int port;
    private ChildProcess process;

    ObjectStorageServer(Path dataDir, FreePorts ports) {
        this.dataDir = dataDir;
        this.port = ports.port(9000);
    }

    @Override
    public void start() throws Exception {
        Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
        Path config = dataDir.resolve("s3proxy.properties");
        Properties properties = new Properties();
        properties.put("s3proxy.endpoint", endpoint());
        properties.put("s3proxy.authorization", "aws-v2-or-v4");
        properties.put("s3proxy.identity", ACCESS_KEY);
        properties.put("s3proxy.credential", SECRET_KEY);
        properties.put("jclouds.provider", "filesystem-nio2");
        properties.put("jclouds.filesystem.basedir", blobs.toString());
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, "S3Proxy for the Mailroom local stack");
        }
        List<String> command = List.of(ChildProcess.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-DLOG_LEVEL=warn", "-jar", s3proxyJar(), "--properties", config.toString());
        process = ChildProcess.start("s3proxy", command, Map.of(), dataDir.resolve("s3proxy.log"));
        process.awaitPort(port, 60);
    }

    private static String s3proxyJar() throws IOException {
        try (InputStream in = ObjectStorageServer.class.getResourceAsStream("s3proxy-jar.txt")) {
            if (in == null) {
                throw new IllegalStateException("s3proxy-jar.txt is missing: build local-stack with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(
                StackAddresses.S3_ENDPOINT, endpoint(),
                StackAddresses.S3_ACCESS_KEY, ACCESS_KEY,
                StackAddresses.S3_SECRET_KEY, SECRET_KEY);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
