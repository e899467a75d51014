package dev.mailroom.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Where each server of a running local stack listens; written by the stack, read by launchers. */
public record StackAddresses(Map<String, String> values) {

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap-servers";
    public static final String JDBC_URL = "postgres.jdbc-url";
    public static final String DB_USER = "postgres.username";
    public static final String DB_PASSWORD = "postgres.password";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_ACCESS_KEY = "s3.access-key";
    public static final String S3_SECRET_KEY = "s3.secret-key";
    public static final String SMTP_PORT = "mail.smtp-port";
    public static final String POP3_PORT = "mail.pop3-port";
    public static final String IMAP_PORT = "mail.imap-port";
    public static final String MAIL_HOST = "mail.host";
    /** Where the local identity provider keeps its signing key (see identity.LocalIdentity). */
    public static final String IDENTITY_DIR = "identity.dir";

    public StackAddresses {
        values = Map.copyOf(values);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("The local stack did not report " + key);
        }
        return value;
    }

    public int port(String key) {
        return Integer.parseInt(get(key));
    }

    /** Writes atomically, so a reader polling for the file never sees half of it. */
    void writeTo(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            properties.store(writer, "Mailroom local stack");
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static StackAddresses readFrom(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return new StackAddresses(values);
    }
}
