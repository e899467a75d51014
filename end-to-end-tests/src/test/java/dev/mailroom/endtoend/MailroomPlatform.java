package dev.mailroom.endtoend;

import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.MailroomService;
import dev.mailroom.localstack.StackAddresses;

/**
 * The whole platform for a test class: the embedded stack and the four packaged services, started the same way as
 * the local run, and stopped after the class.
 */
public class MailroomPlatform implements BeforeAllCallback, AfterAllCallback {

    private LocalStackLauncher.RunningStack running;

    @Override
    public void beforeAll(ExtensionContext context) {
        Path root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        Path scratch = Path.of("target", "scratch", "platform").toAbsolutePath();
        running = LocalStackLauncher.start(scratch, EnumSet.allOf(Component.class), root);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
        }
    }

    public StackAddresses addresses() {
        return running.addresses();
    }

    public String url(MailroomService service) {
        return running.addresses().get(service.urlKey());
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
                java.nio.file.Path.of(running.addresses().get(dev.mailroom.localstack.StackAddresses.IDENTITY_DIR)))
                .token(objectId, java.time.Duration.ofHours(1));
    }
}
