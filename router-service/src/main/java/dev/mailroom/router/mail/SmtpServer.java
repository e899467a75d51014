package dev.mailroom.router.mail;

import dev.mailroom.router.config.RouterConfig;

/**
 * Where and how to hand mail over: the default relay ({@code router.smtp.*}) or a mailbox's outgoing server profile.
 * One pool of connections per distinct server. The password is in clear only here, in memory, to log in.
 */
public record SmtpServer(String host, int port, RouterConfig.TlsMode tls, String username, String password) {

    public static SmtpServer of(RouterConfig.Smtp smtp) {
        return new SmtpServer(smtp.host(), smtp.port(), smtp.tls(), smtp.username().orElse(null),
                smtp.password().orElse(null));
    }

    @Override
    public String toString() {
        // Never the password, wherever a server ends up in a log line.
        return (tls == RouterConfig.TlsMode.TLS ? "smtps://" : "smtp://") + host + ":" + port
                + (tls == RouterConfig.TlsMode.STARTTLS ? " (STARTTLS)" : "");
    }
}
