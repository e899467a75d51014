package dev.mailroom.endtoend;

import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.MailroomService;
import dev.mailroom.localstack.StackAddresses;

/**
 * The whole platform: the embedded stack and the four packaged services, started the same way as the local run.
 *
 * <p>Every test class that registers this extension runs against the same platform, started by the first of them
 * and stopped when the whole test run ends (it lives in the root context's store, which closes it then): the
 * configuration is the same for all of them, so starting it once per class (about 30 s each) would prove nothing
 * more. The classes keep their data apart by giving every record and address of theirs a fresh name. A class that
 * needs a platform configured differently starts its own (see BulkMailPlatform, EmailPathPlatform).
 */
public class MailroomPlatform implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MailroomPlatform.class);

    private Running running;

    /** The started platform; the root store closes it (every service, then every server) after the last class. */
    private record Running(LocalStackLauncher.RunningStack stack) implements AutoCloseable {

        static Running start() {
            Path root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
            Path scratch = Path.of("target", "scratch", "platform").toAbsolutePath();
            return new Running(LocalStackLauncher.start(scratch, EnumSet.allOf(Component.class), root));
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

    public StackAddresses addresses() {
        return running.stack().addresses();
    }

    public String url(MailroomService service) {
        return addresses().get(service.urlKey());
    }

    /** A token of the local administrator, signed by the platform's local identity provider. */
    public String administratorToken() {
        return tokenFor(dev.mailroom.localstack.identity.LocalIdentity.ADMINISTRATOR_OBJECT_ID);
    }

    /** A token of Mailroom's own services (the only callers attachment-service serves). */
    public String servicesToken() {
        return tokenFor(dev.mailroom.localstack.identity.LocalIdentity.SERVICES_OBJECT_ID);
    }

    private String tokenFor(java.util.UUID objectId) {
        return dev.mailroom.localstack.identity.LocalIdentity.inDirectory(
                java.nio.file.Path.of(addresses().get(dev.mailroom.localstack.StackAddresses.IDENTITY_DIR)))
                .token(objectId, java.time.Duration.ofHours(1));
    }
}
