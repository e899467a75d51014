package dev.mailroom.eventing;

import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.LocalStackLauncher.RunningStack;
import dev.mailroom.localstack.StackAddresses;

/**
 * Gives a test the real local stack (Kafka and PostgreSQL), started once for the whole test run and stopped when
 * the run ends: JUnit closes what the root store holds.
 */
public class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackAddresses.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("stack", key -> new Stack(), Stack.class).running.addresses();
    }

    /** The running stack as a store value: JUnit closes it after the last test. */
    private static final class Stack implements AutoCloseable {
        private final RunningStack running;

        Stack() {
            Path scratch = Path.of(System.getProperty("mailroom.scratch.dir", "target/scratch"));
            // Not "local-stack": that is where the @QuarkusTests' LocalStackResource keeps its own stack's data.
            running = LocalStackLauncher.start(scratch.resolve("plain-tests-stack").toAbsolutePath(),
                    EnumSet.of(Component.KAFKA, Component.POSTGRES), null);
        }

        @Override
        public void close() {
            running.close();
        }
    }
}
