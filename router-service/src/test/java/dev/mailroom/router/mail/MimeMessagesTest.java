package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MimeMessagesTest {

    private final MimeMessages mime = new MimeMessages("mailroom@mailroom.local", null);

    @Test
    void shouldChooseTheTransferEncodingTheBodyNeeds() {
        assertEquals("7bit", MimeMessages.transferEncoding("<p>Hello</p>\r\n<p>there</p>"));
        assertEquals("quoted-printable", MimeMessages.transferEncoding("<p>Grüße aus Köln</p>"));
        assertEquals("quoted-printable", MimeMessages.transferEncoding("<p>" + "a".repeat(1200) + "</p>"));
        assertEquals("base64", MimeMessages.transferEncoding("<p>你好，世界</p>"));
    }

    @Test
    void shouldCarryTheBodyUnchangedInEveryEncoding() throws Exception {
        for (String html : List.of("<p>plain</p>", "<p>Grüße " + "x".repeat(2000) + "</p>", "<p>你好，世界</p>")) {
            MimeMessages.Built built = mime.build(new OutgoingEmail("<id@mailroom.local>", null,
                    List.of("a@example.com"), List.of(), List.of(), "Subject", html, "id", null, List.of()));
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            built.message().writeTo(wire);
            MimeMessage read = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(wire.toByteArray()));
            assertEquals(html, read.getContent().toString());
            assertEquals(MimeMessages.transferEncoding(html), read.getEncoding());
        }
    }
}
