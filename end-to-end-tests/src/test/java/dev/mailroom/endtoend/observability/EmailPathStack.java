package dev.mailroom.endtoend.observability;

import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;

/**
 * The embedded Kafka, PostgreSQL and mail server under the EmailPathPlatform classes: started by the first of them,
 * stopped when the whole test run ends (the root context's store closes it). Each class still starts and stops its
 * own services with its own configuration; only one class's services run at a time, and each looks only at the
 * emails it made itself.
 */
final class EmailPathStack implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmailPathStack.class);

    private Running running;

    /** The started stack; the root store closes it (every server stops) after the last class. */
    private record Running(LocalStackLauncher.RunningStack stack) implements AutoCloseable {

        static Running start() {
            return new Running(LocalStackLauncher.start(Path.of("target", "scratch", "email-path").toAbsolutePath(),
                    EnumSet.of(Component.KAFKA, Component.POSTGRES, Component.MAIL), null));
        }

        @Override
        public void close() {
            stack.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    StackAddresses addresses() {
        if (running == null) {
            throw new IllegalStateException("register EmailPathStack with @RegisterExtension on a static field");
        }
        return running.stack().addresses();
    }
}
