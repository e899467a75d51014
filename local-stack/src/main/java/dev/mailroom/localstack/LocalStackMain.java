package dev.mailroom.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local stack in this JVM (and, with {@code --services}, the four services), reports the addresses,
 * and runs until it is interrupted (Ctrl-C, SIGTERM) or its parent closes standard input.
 *
 * <pre>
 * --data-dir DIR        where every server keeps its data (wiped at start)
 * --ready-file FILE     where to write the addresses once everything is ready
 * --fixed-ports         the well-known ports (local run) instead of free ones (tests)
 * --only kafka,mail     start only these components (default: all)
 * --services ROOT       also run the services packaged under this repository root
 * --service-names a,b   with --services, only these (folder names, e.g. attachment-service)
 * --watch-stdin         stop when standard input closes: the parent test JVM has gone away
 * </pre>
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path dataDir = Path.of(options.getOrDefault("--data-dir", "target/local-stack")).toAbsolutePath();
        ChildProcess.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        FreePorts ports = new FreePorts(options.containsKey("--fixed-ports"));
        long startedAt = System.nanoTime();

        LocalStack stack = new LocalStack(dataDir, components(options.get("--only")), ports);
        ServiceFleet fleet = options.containsKey("--services")
                ? new ServiceFleet(Path.of(options.get("--services")).toAbsolutePath(), dataDir.resolve("logs"), ports,
                        services(options.get("--service-names")))
                : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (fleet != null) {
                fleet.close();
            }
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));

        stack.start();
        Map<String, String> addresses = new HashMap<>(stack.addresses().values());
        // Tests name the directory of the key they sign with, so that the services run here trust their tokens.
        Path identityDir = options.containsKey("--identity-dir") ? Path.of(options.get("--identity-dir"))
                : dataDir.resolve("identity");
        addresses.put(StackAddresses.IDENTITY_DIR, identityDir.toString());
        dev.mailroom.localstack.identity.LocalIdentity.inDirectory(identityDir);
        if (fleet != null) {
            fleet.start(new StackAddresses(addresses));
            addresses.putAll(fleet.addresses());
        }
        addresses.put("stack.pid", String.valueOf(ProcessHandle.current().pid()));
        StackAddresses ready = new StackAddresses(addresses);
        if (options.containsKey("--ready-file")) {
            ready.writeTo(Path.of(options.get("--ready-file")));
        }
        System.out.println(ReadyBanner.render(ready, (System.nanoTime() - startedAt) / 1_000_000));

        if (options.containsKey("--watch-stdin")) {
            // Read until EOF: the parent closed the pipe on purpose or died; either way nobody needs us.
            while (System.in.read() != -1) {
                // discard
            }
            System.exit(0);
        }
        stopped.await();
    }

    private static Set<Component> components(String only) {
        if (only == null || only.isBlank()) {
            return EnumSet.allOf(Component.class);
        }
        Set<Component> wanted = EnumSet.noneOf(Component.class);
        for (String name : only.split(",")) {
            wanted.add(Component.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
        }
        return wanted;
    }

    private static java.util.List<MailroomService> services(String names) {
        if (names == null || names.isBlank()) {
            return java.util.List.of(MailroomService.values());
        }
        java.util.List<String> wanted = java.util.List.of(names.split(","));
        return java.util.Arrays.stream(MailroomService.values())
                .filter(service -> wanted.contains(service.folder())).toList();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            options.put(name, hasValue ? args[++i] : "");
        }
        return options;
    }
}
