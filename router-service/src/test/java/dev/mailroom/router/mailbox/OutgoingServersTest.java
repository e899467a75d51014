package dev.mailroom.router.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.router.config.RouterConfig.TlsMode;
import dev.mailroom.router.mail.SmtpServer;

class OutgoingServersTest {

    private static SmtpServer server(String location, Integer port, boolean ssl, String user) {
        return OutgoingServers.of(new SenderSettings.OutgoingProfile(UUID.randomUUID(), location, port, ssl, user,
                "sealed"), "secret").orElseThrow();
    }

    @Test
    void shouldUseImplicitTlsOn465AndStartTlsOnOtherPortsWhenSslIsOn() {
        assertEquals(new SmtpServer("smtp.example.com", 465, TlsMode.TLS, "u", "secret"),
                server("smtp.example.com", 465, true, "u"));
        assertEquals(new SmtpServer("smtp.example.com", 587, TlsMode.STARTTLS, "u", "secret"),
                server("smtp.example.com", 587, true, "u"));
        assertEquals(new SmtpServer("smtp.example.com", 587, TlsMode.STARTTLS, "u", "secret"),
                server("smtp.example.com", null, true, "u"));
        assertEquals(new SmtpServer("smtp.example.com", 25, TlsMode.NONE, null, null),
                server("smtp.example.com", null, false, " "));
    }

    @Test
    void shouldReadASchemeAndAPortInTheLocation() {
        assertEquals(new SmtpServer("relay.example.com", 2465, TlsMode.TLS, "u", "secret"),
                server("smtps://relay.example.com:2465/", null, false, "u"));
        assertEquals(new SmtpServer("relay.example.com", 2525, TlsMode.NONE, "u", "secret"),
                server("SMTP://relay.example.com:2525", null, false, "u"));
        assertEquals(2600, server("relay.example.com:2525", 2600, false, "u").port(), "the port column wins");
    }

    @Test
    void shouldNameNoServerWithoutALocation() {
        assertTrue(OutgoingServers.of(null, null).isEmpty());
        assertTrue(OutgoingServers.of(new SenderSettings.OutgoingProfile(UUID.randomUUID(), " ", 25, false, null,
                null), null).isEmpty());
    }

    @Test
    void shouldNeverShowThePasswordWhenPrinted() {
        SmtpServer server = server("smtp.example.com", 465, true, "u");
        assertTrue(server.toString().startsWith("smtps://smtp.example.com:465"));
        assertTrue(!server.toString().contains("secret"));
        assertNull(server("smtp.example.com", 25, false, null).password());
    }
}
