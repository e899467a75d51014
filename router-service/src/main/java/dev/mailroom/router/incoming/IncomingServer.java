package dev.mailroom.router.incoming;

import java.util.Locale;
import java.util.Optional;

import dev.mailroom.router.config.RouterConfig.TlsMode;

/**
 * A mailbox's incoming server as Angus Mail needs it. From an email server profile: {@code incomingserverlocation}
 * is a host or {@code imap://}, {@code imaps://}, {@code pop3://}, {@code pop3s://} and a host (and port); without a
 * scheme the port decides (110/995 POP3, otherwise IMAP). {@code incomingusessl}: implicit TLS on 993/995 or with an
 * {@code s} scheme, STARTTLS (required) on any other port.
 */
public record IncomingServer(String protocol, String host, int port, TlsMode tls, String username, String password) {

    public boolean isImap() {
        return protocol.equals("imap");
    }

    /** Angus Mail's store name: imap, imaps, pop3 or pop3s. */
    public String store() {
        return protocol + (tls == TlsMode.TLS ? "s" : "");
    }

    @Override
    public String toString() {
        return store() + "://" + host + ":" + port + (tls == TlsMode.STARTTLS ? " (STARTTLS)" : "");
    }

    public static Optional<IncomingServer> of(String location, Integer port, boolean usesSsl, String username,
            String password) {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        String host = location.strip();
        String scheme = null;
        int separator = host.indexOf("://");
        if (separator > 0) {
            scheme = host.substring(0, separator).toLowerCase(Locale.ROOT);
            host = host.substring(separator + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        Integer chosenPort = port;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            if (chosenPort == null) {
                chosenPort = Integer.valueOf(host.substring(colon + 1));
            }
            host = host.substring(0, colon);
        }
        String protocol;
        boolean implicitTls;
        if (scheme != null) {
            if (!scheme.matches("imaps?|pop3s?")) {
                throw new IllegalArgumentException("incomingserverlocation must be imap(s):// or pop3(s)://, not "
                        + scheme + "://");
            }
            protocol = scheme.startsWith("imap") ? "imap" : "pop3";
            implicitTls = scheme.endsWith("s");
        } else {
            protocol = chosenPort != null && (chosenPort == 110 || chosenPort == 995) ? "pop3" : "imap";
            implicitTls = usesSsl && chosenPort != null && (chosenPort == 993 || chosenPort == 995);
        }
        TlsMode tls = implicitTls ? TlsMode.TLS : usesSsl ? TlsMode.STARTTLS : TlsMode.NONE;
        if (chosenPort == null) {
            boolean imap = protocol.equals("imap");
            chosenPort = tls == TlsMode.TLS ? (imap ? 993 : 995) : (imap ? 143 : 110);
        }
        String user = username == null || username.isBlank() ? null : username;
        return Optional.of(new IncomingServer(protocol, host, chosenPort, tls, user, password));
    }
}
