package dev.mailroom.activity.tables;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.TableRules;

/**
 * An email server profile cannot point its incoming or outgoing server at the platform's own internal endpoints
 * (the services, loopback, link-local cloud metadata), unless the host is listed in
 * {@code activity.security.allowed-server-hosts}: a profile's server is contacted by the platform itself, so a
 * caller could otherwise use it to reach what only the platform can reach.
 */
final class ServerProfileRules implements TableRules {

    static final List<String> LOCATIONS = List.of("incomingserverlocation", "outgoingserverlocation");

    @Override
    public void checkCreate(Map<String, Object> values) {
        LOCATIONS.forEach(column -> check(column, values.get(column)));
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        LOCATIONS.stream().filter(changes::containsKey).forEach(column -> check(column, changes.get(column)));
    }

    private static void check(String column, Object value) {
        if (!(value instanceof String location) || location.isBlank()) {
            return;
        }
        String host = hostOf(location.trim());
        var config = ConfigProvider.getConfig();
        List<String> allowed = config.getOptionalValues("activity.security.allowed-server-hosts", String.class)
                .orElse(List.of());
        if (allowed.stream().anyMatch(host::equalsIgnoreCase)) {
            return;
        }
        List<String> internal = config.getOptionalValues("activity.security.internal-hosts", String.class)
                .orElse(List.of("localhost", "127.0.0.1", "::1", "0.0.0.0"));
        boolean isInternal = internal.stream().anyMatch(name -> host.equals(name) || host.endsWith("." + name))
                || host.startsWith("127.") || host.startsWith("169.254.") || host.equals("[::1]")
                || host.endsWith(".svc") || host.contains(".svc.cluster.local") || host.endsWith(".internal");
        if (isInternal) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The " + column + " cannot point at an internal "
                    + "endpoint of this platform.");
        }
    }

    /** The host of {@code smtp.example.com}, {@code smtp.example.com:587} or {@code https://host:443/EWS}. */
    static String hostOf(String location) {
        String candidate = location.contains("://") ? location : "smtp://" + location;
        try {
            String host = URI.create(candidate).getHost();
            if (host != null) {
                return host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            }
        } catch (IllegalArgumentException e) {
            // not a URI: judged by its text below
        }
        String text = location.toLowerCase(Locale.ROOT);
        int end = text.indexOf(':') > 0 && !text.startsWith("[") ? text.indexOf(':') : text.length();
        return text.substring(0, end).replaceAll("\\.$", "");
    }
}
