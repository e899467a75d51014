package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Session;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.Test;

import dev.mailroom.events.EmailAttachment;

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
    void shouldOfferOneClickUnsubscribeForABulkEmailOnly() throws Exception {
        String link = "https://mail.example.com/unsubscribe/AQEtoken_-.mac-_";
        MimeMessage bulk = writtenAndRead(new OutgoingEmail("<b@mailroom.local>", null, List.of("a@example.com"),
                List.of(), List.of(), "News", "<p>news</p>", "b", null, List.of(), link));
        assertArrayEquals(new String[] {"<" + link + ">"}, bulk.getHeader("List-Unsubscribe"));
        assertArrayEquals(new String[] {"List-Unsubscribe=One-Click"}, bulk.getHeader("List-Unsubscribe-Post"));

        MimeMessage single = writtenAndRead(new OutgoingEmail("<s@mailroom.local>", null, List.of("a@example.com"),
                List.of(), List.of(), "Hello", "<p>hi</p>", "s", null, List.of()));
        assertNull(single.getHeader("List-Unsubscribe"));
        assertNull(single.getHeader("List-Unsubscribe-Post"));
    }

    @Test
    void shouldLeaveOutAnUnsubscribeUrlThatCouldBreakTheHeader() throws Exception {
        for (String bad : List.of("https://x.example/u>\r\nBcc: victim@example.com", "https://x.example/u\r\nX: y",
                "https://x.example/a b", "javascript:alert(1)", "mailto:u@example.com", "https://x.example/<u>", "",
                "https://x.example/" + "a".repeat(2100))) {
            MimeMessage read = writtenAndRead(new OutgoingEmail("<x@mailroom.local>", null, List.of("a@example.com"),
                    List.of(), List.of(), "News", "<p>news</p>", "x", null, List.of(), bad));
            assertNull(read.getHeader("List-Unsubscribe"), bad);
            assertNull(read.getHeader("List-Unsubscribe-Post"), bad);
            assertNull(read.getHeader("Bcc"), bad);
        }
    }

    private MimeMessage writtenAndRead(OutgoingEmail email) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        mime.build(email).message().writeTo(wire);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire.toByteArray()));
    }

    /** Bodies that test every rule of the encodings: long lines, "=", trailing white space, dots, UTF-8, CJK. */
    private static final List<String> TRICKY_BODIES = List.of(
            "<p>" + "a=b ".repeat(700) + "</p>",
            "<p>trailing space </p> \r\n<p>tab\t</p>\t\r\n.dot\r\n..two\r\n.\r\nend ",
            "<p>Grüße aus Köln, " + "é".repeat(100) + " — ok</p>\r\n\r\n\r\n<p>" + "x".repeat(75) + "</p>",
            "=".repeat(80) + "\r\n" + " ".repeat(80) + "\r\n" + "y".repeat(76) + "\r\n" + "z".repeat(74) + " ",
            "<p>你好，世界</p>\r\n".repeat(40),
            "");

    @Test
    void shouldEncodeQuotedPrintableInShortLinesThatDecodeToTheText() throws Exception {
        assertEquals("a=3Db", qp("a=b"));
        assertEquals("end=20\r\nnext=09", qp("end \nnext\t"));
        assertEquals("Gr=C3=BC=C3=9Fe", qp("Grüße"));
        assertEquals("x".repeat(75) + "=\r\nx", qp("x".repeat(76)));
        assertEquals("a\r\nb\r\nc\r\n", qp("a\rb\nc\r\n"));
        for (String text : TRICKY_BODIES) {
            assertQuotedPrintableOf(text);
        }
    }

    /** Runs of plain characters are copied in bulk: their line breaks must fall exactly where byte by byte would. */
    @Test
    void shouldBreakRunsOfPlainCharactersAtTheLineLimit() throws Exception {
        assertEquals("x".repeat(75) + "=\r\n" + "x".repeat(75) + "=\r\n" + "x".repeat(10), qp("x".repeat(160)));
        assertEquals("x".repeat(74) + "=\r\n=3Dy", qp("x".repeat(74) + "=y"));
        assertEquals("x".repeat(72) + "=3D=\r\ny", qp("x".repeat(72) + "=y"));
        assertEquals("x".repeat(74) + " =\r\ny", qp("x".repeat(74) + " y"));
        assertEquals("x".repeat(75) + "=\r\n=20", qp("x".repeat(75) + " "));
        assertEquals("ab\r\n" + "c".repeat(75) + "=\r\nc", qp("ab\n" + "c".repeat(76)));
        // Random mixes of plain runs, escapes, blanks and line breaks of every kind, of every length.
        Random random = new Random(7);
        String[] pieces = {"x", "yz", "=", " ", "\t", "\r", "\n", "\r\n", "é", "你", "<p>", "~"};
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(400);
            while (text.length() < length) {
                String piece = pieces[random.nextInt(pieces.length)];
                text.append(random.nextInt(4) == 0 ? piece.repeat(random.nextInt(90) + 1) : piece);
            }
            assertQuotedPrintableOf(text.toString());
        }
    }

    /**
     * Encoded lines within limits, no trailing blank, printable, CRLF only, and decoding back to the text, its line
     * breaks (CRLF, a lone CR or LF) as CRLF.
     */
    private static void assertQuotedPrintableOf(String text) throws Exception {
        String encoded = qp(text);
        for (String line : encoded.split("\r\n", -1)) {
            assertTrue(line.length() <= 76, "encoded line of " + line.length() + ": " + line);
            assertTrue(line.isEmpty() || line.charAt(line.length() - 1) > ' ', "trailing white space: " + line);
            // A tab may stay as it is inside a line (RFC 2045, 6.7 (3)).
            assertTrue(line.chars().allMatch(c -> c == '\t' || c >= ' ' && c < 0x7f), "not printable: " + line);
        }
        assertEquals(-1, encoded.replace("\r\n", "").indexOf('\n'), "a bare line feed");
        byte[] decoded = MimeUtility.decode(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)),
                "quoted-printable").readAllBytes();
        assertEquals(text.replaceAll("\r\n|\r|\n", "\r\n"), new String(decoded, StandardCharsets.UTF_8));
    }

    @Test
    void shouldCarryTrickyBodiesUnchangedAloneAndBesideAnAttachment() throws Exception {
        byte[] file = "file bytes\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        MimeMessages withFiles = new MimeMessages("mailroom@mailroom.local", sha256 -> new ByteArrayInputStream(file));
        for (String html : TRICKY_BODIES) {
            MimeMessage alone = readBack(withFiles.build(email(html, List.of())));
            assertEquals(html, alone.getContent().toString());
            assertEquals("text/html; charset=UTF-8", alone.getContentType());
            assertEquals("Grüße — 你好", alone.getSubject());

            MimeMessage mixed = readBack(withFiles.build(email(html, List.of(new EmailAttachment("0".repeat(64),
                    "f.txt", "text/plain", file.length)))));
            MimeMultipart parts = (MimeMultipart) mixed.getContent();
            assertEquals(2, parts.getCount());
            assertEquals(html, parts.getBodyPart(0).getContent().toString());
            assertEquals(MimeMessages.transferEncoding(html), ((MimeBodyPart) parts.getBodyPart(0)).getEncoding());
            assertArrayEquals(file, parts.getBodyPart(1).getInputStream().readAllBytes());
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

    private static String qp(String text) {
        return new String(EncodedText.quotedPrintable(text.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);
    }

    private static OutgoingEmail email(String html, List<EmailAttachment> attachments) {
        return new OutgoingEmail("<id@mailroom.local>", null, List.of("a@example.com"), List.of(), List.of(),
                "Grüße — 你好", html, "id", null, attachments);
    }

    /** The message as written for SMTP, read back the way a receiving client reads it; every line within limits. */
    private static MimeMessage readBack(MimeMessages.Built built) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        built.message().writeTo(wire);
        String written = wire.toString(StandardCharsets.US_ASCII);
        for (String line : written.split("\r\n")) {
            assertTrue(line.length() <= 998, "a line of " + line.length() + " octets");
        }
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire.toByteArray()));
    }
}
