package dev.mailroom.attachment;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The real stack (PostgreSQL, Kafka, S3), with the service reaching S3 through a {@link StorageLink}. */
public class CuttableStorageResource implements QuarkusTestResourceLifecycleManager {

    /** The link of the running test application (one at a time: Quarkus tests run one application). */
    public static volatile StorageLink link;

    private final LocalStackResource stack = new LocalStackResource();

    @Override
    public Map<String, String> start() {
        stack.init(Map.of("components", "kafka,postgres,s3"));
        Map<String, String> config = new HashMap<>(stack.start());
        URI storage = URI.create(config.get("attachments.storage.endpoint"));
        try {
            link = new StorageLink(storage.getHost(), storage.getPort());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        config.put("local-stack.s3.direct-endpoint", storage.toString());
        config.put("attachments.storage.endpoint", "http://127.0.0.1:" + link.port());
        return config;
    }

    @Override
    public void stop() {
        try {
            if (link != null) {
                link.close();
            }
        } catch (java.io.IOException ignored) {
            // stopping anyway
        }
        stack.stop();
    }
}
