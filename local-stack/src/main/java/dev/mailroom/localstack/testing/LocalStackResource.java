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
 * module's {@code target/scratch}. Init arg {@code services} (e.g. {@code "attachment-service"}) also runs those
 * services from their packaged jars, which the module's POM orders before itself.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    private Set<Component> components = EnumSet.allOf(Component.class);
    private java.util.List<String> services = java.util.List.of();
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
        String wantedServices = initArgs.get("services");
        if (wantedServices != null && !wantedServices.isBlank()) {
            services = java.util.Arrays.stream(wantedServices.split(",")).map(String::trim).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        Path scratch = Path.of(System.getProperty("mailroom.scratch.dir", "target/scratch"));
        // Services named in "services" run from their packaged jars in the repository (the module's parent).
        Path repositoryRoot = services.isEmpty() ? null : Path.of("..").toAbsolutePath().normalize();
        // The services run here trust the key the tests (and the service under test) sign their tokens with.
        Path identityDir = TestIdentity.identity().publicKeyFile().getParent();
        stack = LocalStackLauncher.start(scratch.resolve("local-stack").toAbsolutePath(), components, repositoryRoot,
                services, identityDir);
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
