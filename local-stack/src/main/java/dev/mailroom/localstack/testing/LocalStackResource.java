package dev.mailroom.localstack.testing;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.LocalStackLauncher.RunningStack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real embedded stack for a service's {@code @QuarkusTest}s and points the service at it. Init arg
 * {@code components} names what to start (e.g. {@code "kafka,postgres,mail"}); the data lives under the
 * module's {@code target/scratch}.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    private Set<Component> components = EnumSet.allOf(Component.class);
    private RunningStack stack;

    @Override
    public void init(Map<String, String> initArgs) {
        String wanted = initArgs.get("components");
        if (wanted != null) {
            components = EnumSet.noneOf(Component.class);
            for (String name : wanted.split(",")) {
                components.add(Component.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
        }
    }

    @Override
    public Map<String, String> start() {
        Path scratch = Path.of(System.getProperty("mailroom.scratch.dir", "target/scratch"));
        stack = LocalStackLauncher.start(scratch.resolve("local-stack").toAbsolutePath(), components, null);
        Map<String, String> config = new java.util.HashMap<>(LocalStackLauncher.quarkusConfig(stack.addresses()));
        // The stack's identity provider: the service trusts the key the tests sign their tokens with.
        config.putAll(TestIdentity.serviceConfig());
        return config;
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}
