package dev.mailroom.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** The embedded servers, started in dependency order and stopped in reverse, each with data under its own folder. */
final class LocalStack implements AutoCloseable {

    private final List<StackComponent> components = new ArrayList<>();
    private final List<StackComponent> started = new ArrayList<>();

    LocalStack(Path dataDir, Set<Component> wanted, FreePorts ports) {
        if (wanted.contains(Component.POSTGRES)) {
            components.add(new PostgresServer(dataDir.resolve("postgres"), ports));
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
        for (StackComponent component : components) {
            component.start();
            started.add(component);
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
