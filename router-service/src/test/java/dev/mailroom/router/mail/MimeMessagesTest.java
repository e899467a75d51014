package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MailDateFormat;
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

    @Test
    void shouldDateTheMessageInRfc5322FormThatReadsBackAsNow() throws Exception {
        assertEquals("Fri, 27 Nov 2026 09:05:03 +0000", DateHeader.at(Instant.parse("2026-11-27T09:05:03.999Z")));
        assertEquals("Sat, 1 Jan 2000 00:00:00 +0000", DateHeader.at(Instant.parse("2000-01-01T00:00:00Z")));

        Instant before = Instant.now().minusSeconds(1);
        MimeMessages.Built built = mime.build(new OutgoingEmail("<id@mailroom.local>", null, List.of("a@example.com"),
                List.of(), List.of(), "Subject", "<p>x</p>", "id", null, List.of()));
        String[] dates = built.message().getHeader("Date");
        assertEquals(1, dates.length, "one Date header");
        Instant dated = new MailDateFormat().parse(dates[0]).toInstant();
        assertTrue(!dated.isBefore(before) && Duration.between(before, dated).getSeconds() < 60,
                "dated now: " + dates[0]);
        assertEquals(dated, built.message().getSentDate().toInstant());
    }
}
