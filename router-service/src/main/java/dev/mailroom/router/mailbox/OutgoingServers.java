package dev.mailroom.router.mailbox;

import java.util.Locale;
import java.util.Optional;

import dev.mailroom.router.config.RouterConfig.TlsMode;
import dev.mailroom.router.mail.SmtpServer;

/**
 * Reads an email server profile's outgoing half the way Dataverse users fill it in: {@code outgoingserverlocation}
 * is a host name or {@code smtp://host[:port]} / {@code smtps://host[:port]}; {@code outgoingusessl} means implicit
 * TLS on port 465 (or with {@code smtps://}) and STARTTLS, required, on any other port; without a port, 465 for
 * implicit TLS, 587 with STARTTLS, 25 in clear. Dataverse has no separate STARTTLS switch, so the port decides.
 */
public final class OutgoingServers {

    private OutgoingServers() {
    }

    /** The server, or empty when the profile names none (the default relay sends then). */
    public static Optional<SmtpServer> of(SenderSettings.OutgoingProfile profile, String password) {
        if (profile == null || profile.server() == null || profile.server().isBlank()) {
            return Optional.empty();
        }
        String location = profile.server().strip();
        String lower = location.toLowerCase(Locale.ROOT);
        boolean smtps = lower.startsWith("smtps://");
        if (smtps || lower.startsWith("smtp://")) {
            location = location.substring(location.indexOf("://") + 3);
        }
        int slash = location.indexOf('/');
        if (slash >= 0) {
            location = location.substring(0, slash);
        }
        Integer port = profile.port();
        int colon = location.lastIndexOf(':');
        if (colon > 0 && location.indexOf(']') < colon) {
            if (port == null) {
                port = Integer.valueOf(location.substring(colon + 1));
            }
            location = location.substring(0, colon);
        }
        TlsMode tls;
        if (smtps || profile.usesSsl() && Integer.valueOf(465).equals(port)) {
            tls = TlsMode.TLS;
        } else {
            tls = profile.usesSsl() ? TlsMode.STARTTLS : TlsMode.NONE;
        }
        int chosenPort = port != null ? port : tls == TlsMode.TLS ? 465 : tls == TlsMode.STARTTLS ? 587 : 25;
        String username = profile.username() == null || profile.username().isBlank() ? null : profile.username();
        return Optional.of(new SmtpServer(location, chosenPort, tls, username, username == null ? null : password));
    }
}
