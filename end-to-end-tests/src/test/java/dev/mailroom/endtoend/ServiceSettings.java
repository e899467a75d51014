package dev.mailroom.endtoend;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.localstack.MailroomService;

/** What a service reads from its application.properties, as properties and as environment variable names. */
final class ServiceSettings {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]+)");

    private ServiceSettings() {
    }

    static Properties applicationProperties(Path root, MailroomService service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                root.resolve(service.folder()).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * The variables the service reads: every property its application.properties sets (in any profile, {@code %dev.x}
     * counts as x) or refers to ({@code ${quarkus.mailer.host:...}}), and every key of its and eventing's
     * {@code @ConfigMapping}s.
     */
    static Set<String> environmentNames(Path root, MailroomService service) throws IOException {
        Set<String> known = new HashSet<>();
        Properties properties = applicationProperties(root, service);
        for (String key : properties.stringPropertyNames()) {
            known.add(environmentName(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
            Matcher reference = REFERENCE.matcher(properties.getProperty(key));
            while (reference.find()) {
                known.add(environmentName(reference.group(1)));
            }
        }
        for (String property : ConfigMappingKeys.of(root.resolve(service.folder()).resolve("src/main/java"))) {
            known.add(environmentName(property));
        }
        // Every service runs the eventing module, and reads its settings (outbox, service tokens, credentials).
        for (String property : ConfigMappingKeys.of(root.resolve("eventing/src/main/java"))) {
            known.add(environmentName(property));
        }
        return known;
    }

    /** The MicroProfile Config rule: non-alphanumerics become underscores, then upper case. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
