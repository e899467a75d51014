package dev.mailroom.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The embedded servers, each with data under its own folder. None needs another to start, so they start side by side
 * (the start of one is mostly waiting: PostgreSQL's initdb and server, Kafka's controller election), and stop in
 * reverse order of declaration.
 */
final class LocalStack implements AutoCloseable {

    private final List<StackComponent> components = new ArrayList<>();
    private final List<StackComponent> started = new ArrayList<>();

    LocalStack(Path dataDir, Set<Component> wanted, FreePorts ports) {
        if (wanted.contains(Component.POSTGRES)) {
            // Beside the data folder, which is wiped at every start: the unpacked binaries serve every later start.
            components.add(new PostgresServer(dataDir.resolve("postgres"),
                    dataDir.resolveSibling("postgres-binaries"), ports));
        }
        if (wanted.contains(Component.KAFKA)) {
            components.add(new KafkaBroker(dataDir.resolve("kafka"), ports));
        }
        if (wanted.contains(Component.S3)) {
            components.add(new ObjectStorageServer(dataDir.resolve("s3"), ports));
        }
        if (wanted.contains(Component.MAIL)) {
            components.add(new MailServer(ports));
        }
    }

    void start() throws Exception {
        ExecutorService starts = Executors.newFixedThreadPool(components.size());
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (StackComponent component : components) {
                pending.add(starts.submit(() -> {
                    component.start();
                    return null;
                }));
            }
            Exception failure = null;
            for (int i = 0; i < pending.size(); i++) {
                try {
                    pending.get(i).get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            // Every component is stopped on close, also one whose start failed half-way (each close copes with that).
            started.addAll(components);
            if (failure != null) {
                throw failure;
            }
        } finally {
            starts.shutdown();
        }
    }

    StackAddresses addresses() {
        TreeMap<String, String> all = new TreeMap<>();
        components.forEach(component -> all.putAll(component.addresses()));
        return new StackAddresses(all);
    }

    @Override
    public void close() {
        List<StackComponent> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (StackComponent component : reversed) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("Stopping " + component.getClass().getSimpleName() + " failed: " + e);
            }
        }
        started.clear();
    }
}
