package dev.mailroom.router.incoming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.mailroom.events.DeliveryReport;
import dev.mailroom.events.IncomingEmailReceived;

/** Bounces as mail servers write them, read from their bytes; anything else reads as no report. */
class DeliveryReportsTest {

    static final String DEFAULT_ORIGINAL_ID = "<original-1@mailroom.test>";
    static final String DEFAULT_DIAGNOSTIC =
            "smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown";
    static final String PER_MESSAGE = "Reporting-MTA: dns; mx.example.org\r\n"
            + "X-Postfix-Queue-ID: 4F2C81C0A3\r\nArrival-Date: Sun, 29 Nov 2026 14:11:35 +0000 (UTC)\r\n\r\n";
    static final String POSTFIX_RECIPIENT = "Final-Recipient: rfc822; nobody@example.net\r\n"
            + "Original-Recipient: rfc822;nobody@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + "Remote-MTA: dns; mx.example.net\r\nDiagnostic-Code: " + DEFAULT_DIAGNOSTIC + "\r\n";
    static final String RETURNED_MESSAGE = "Content-Type: message/rfc822\r\n\r\n"
            + "From: sales@mailroom.test\r\nTo: nobody@example.net\r\nSubject: Your quote\r\n"
            + "Message-ID: " + DEFAULT_ORIGINAL_ID + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
            + "The quote you asked for.\r\n";

    @Test
    void shouldReadAPostfixBounce() throws Exception {
        MimeMessage bounce = parse(report("delivery-status", PER_MESSAGE + POSTFIX_RECIPIENT, RETURNED_MESSAGE));

        DeliveryReport report = DeliveryReports.read(bounce).orElseThrow();

        assertEquals(DEFAULT_ORIGINAL_ID, report.originalMessageId());
        assertEquals(List.of(new DeliveryReport.Recipient("nobody@example.net", "failed", "5.1.1",
                DEFAULT_DIAGNOSTIC)), report.recipients());
        assertTrue(report.recipients().get(0).permanent());
    }

    @Test
    void shouldPublishABounceWithItsReportAndItsTextAsTheBody() throws Exception {
        MimeMessage bounce = parse(report("delivery-status", PER_MESSAGE + POSTFIX_RECIPIENT, RETURNED_MESSAGE));

        IncomingEmailReceived event = IncomingMessages.read(UUID.randomUUID(), bounce, "1", 10_000, List.of());

        assertEquals(DEFAULT_ORIGINAL_ID, event.deliveryReport().originalMessageId());
        assertTrue(event.htmlBody().contains("could not be delivered to one or more recipients"), event.htmlBody());
        assertFalse(event.htmlBody().contains("Reporting-MTA"), event.htmlBody());
    }

    @Test
    void shouldReadTheOriginalMessageIdFromReturnedHeaders() throws Exception {
        String headers = "Content-Type: text/rfc822-headers\r\n\r\nFrom: sales@mailroom.test\r\n"
                + "Message-ID: <headers-only@mailroom.test>\r\nSubject: Your quote\r\n";
        MimeMessage bounce = parse(report("delivery-status", PER_MESSAGE + POSTFIX_RECIPIENT, headers));

        assertEquals("<headers-only@mailroom.test>", DeliveryReports.read(bounce).orElseThrow().originalMessageId());
    }

    @Test
    void shouldLeaveTheOriginalMessageIdOutWhenNothingIsReturned() throws Exception {
        String noId = "Content-Type: text/rfc822-headers\r\n\r\nFrom: sales@mailroom.test\r\nSubject: Quote\r\n";
        DeliveryReport withoutId = DeliveryReports.read(parse(report("delivery-status",
                PER_MESSAGE + POSTFIX_RECIPIENT, noId))).orElseThrow();
        DeliveryReport withoutPart = DeliveryReports.read(parse(report("delivery-status",
                PER_MESSAGE + POSTFIX_RECIPIENT, null))).orElseThrow();

        assertNull(withoutId.originalMessageId());
        assertNull(withoutPart.originalMessageId());
        assertEquals("nobody@example.net", withoutPart.recipients().get(0).address());
    }

    @Test
    void shouldReadEachRecipientOfAReport() throws Exception {
        String fields = PER_MESSAGE + POSTFIX_RECIPIENT + "\r\n"
                + "Final-Recipient: RFC822; <busy@example.com>\r\nAction: Delayed\r\nStatus: 4.2.2 (mailbox full)\r\n"
                + "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\r\n"
                + "Will-Retry-Until: Tue, 1 Dec 2026 14:11:35 +0000\r\n";
        // report-type is matched whatever its case, and its name too
        MimeMessage bounce = parse(report("Delivery-Status", fields, RETURNED_MESSAGE)
                .replace("report-type=", "Report-Type="));

        List<DeliveryReport.Recipient> recipients = DeliveryReports.read(bounce).orElseThrow().recipients();

        assertEquals(2, recipients.size());
        assertTrue(recipients.get(0).permanent());
        assertEquals(new DeliveryReport.Recipient("busy@example.com", "delayed", "4.2.2",
                "smtp; 452 4.2.2 Mailbox full"), recipients.get(1));
        assertFalse(recipients.get(1).failed());
        assertFalse(recipients.get(1).permanent());
    }

    @Test
    void shouldFallBackToTheOriginalRecipient() throws Exception {
        String fields = PER_MESSAGE + "Original-Recipient: rfc822; alias@example.net\r\nAction: failed\r\n"
                + "Status: 5.0.0\r\n";

        DeliveryReport.Recipient recipient = DeliveryReports.read(parse(report("delivery-status", fields, null)))
                .orElseThrow().recipients().get(0);

        assertEquals(new DeliveryReport.Recipient("alias@example.net", "failed", "5.0.0", null), recipient);
    }

    @Test
    void shouldUnfoldFoldedValues() throws Exception {
        String fields = PER_MESSAGE + "Final-Recipient: rfc822;\r\n nobody@example.net\r\nAction: failed\r\n"
                + "Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>:\r\n"
                + "\tRecipient address rejected: User unknown\r\n";
        String returned = RETURNED_MESSAGE.replace("Message-ID: " + DEFAULT_ORIGINAL_ID,
                "Message-ID:\r\n   " + DEFAULT_ORIGINAL_ID);

        DeliveryReport report = DeliveryReports.read(parse(report("delivery-status", fields, returned)))
                .orElseThrow();

        assertEquals(DEFAULT_ORIGINAL_ID, report.originalMessageId());
        assertEquals(new DeliveryReport.Recipient("nobody@example.net", "failed", "5.1.1", DEFAULT_DIAGNOSTIC),
                report.recipients().get(0));
    }

    @Test
    void shouldKeepControlCharactersAndOversizedValuesOut() throws Exception {
        StringBuilder fields = new StringBuilder(PER_MESSAGE);
        fields.append("Final-Recipient: rfc822; ").append("x".repeat(400)).append("@example.net\r\n")
                .append("Action: failed\r\nStatus: 5.1.1\r\n\r\n");
        // NUL, NEL (a C1 control) and an escape sequence; a lone CR would end the field like a line break does.
        fields.append("Final-Recipient: rfc822; evil@example.net\r\nAction: failed\r\nStatus: 5.1\u0007.1\r\n")
                .append("Diagnostic-Code: smtp; 550 no\u0000such\u0085user\u001b[31m ").append("y".repeat(2000))
                .append("\r\n");
        for (int i = 0; i < 150; i++) {
            fields.append("\r\nFinal-Recipient: rfc822; r").append(i).append("@example.net\r\nAction: failed\r\n");
        }
        // Base64, so that the control characters reach the parser as they are.
        String part = "Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(fields.toString().getBytes(StandardCharsets.ISO_8859_1));

        List<DeliveryReport.Recipient> recipients = DeliveryReports.read(parse(
                reportWithStatusPart("delivery-status", part, null))).orElseThrow().recipients();

        assertEquals(DeliveryStatusFields.MAX_RECIPIENTS, recipients.size(), "capped; the too long address left out");
        DeliveryReport.Recipient evil = recipients.get(0);
        assertEquals("evil@example.net", evil.address());
        assertNull(evil.status(), "not a status code");
        assertEquals(DeliveryStatusFields.MAX_DIAGNOSTIC, evil.diagnosticCode().length());
        assertTrue(evil.diagnosticCode().startsWith("smtp; 550 no such user [31m y"),
                evil.diagnosticCode());
        assertTrue(evil.diagnosticCode().chars().noneMatch(Character::isISOControl), evil.diagnosticCode());
        assertEquals("r98@example.net", recipients.get(99).address());
    }

    @Test
    void shouldReadADispositionNotificationAsNoReport() throws Exception {
        String mdn = "Content-Type: message/disposition-notification\r\n\r\nReporting-UA: mail.example.net\r\n"
                + "Final-Recipient: rfc822; reader@example.net\r\nDisposition: manual-action/MDN-sent-manually; "
                + "displayed\r\n";
        MimeMessage receipt = parse(reportWithStatusPart("disposition-notification", mdn, RETURNED_MESSAGE));

        assertEquals(Optional.empty(), DeliveryReports.read(receipt));
        assertNull(IncomingMessages.read(UUID.randomUUID(), receipt, "1", 10_000).deliveryReport());
    }

    @Test
    void shouldReadAPlainMessageAsNoReport() throws Exception {
        MimeMessage plain = parse("From: customer@example.com\r\nTo: sales@mailroom.test\r\nSubject: Hello\r\n"
                + "Message-ID: <plain@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
                + "Final-Recipient: rfc822; nobody@example.net\r\nAction: failed\r\n");

        assertEquals(Optional.empty(), DeliveryReports.read(plain));
        assertNull(IncomingMessages.read(UUID.randomUUID(), plain, "1", 10_000).deliveryReport());
    }

    @Test
    void shouldDeliverAMalformedReportAsAnOrdinaryMessage() throws Exception {
        MimeMessage garbage = parse(report("delivery-status", "this is not a delivery status\r\n\r\n:::\r\n"
                + "Action: failed\r\n\r\n\r\n", RETURNED_MESSAGE));
        MimeMessage undecodable = parse(reportWithStatusPart("delivery-status", "Content-Type: message/delivery-status"
                + "\r\nContent-Transfer-Encoding: x-unknown\r\n\r\n" + PER_MESSAGE + POSTFIX_RECIPIENT,
                RETURNED_MESSAGE));
        MimeMessage noStatusPart = parse(reportWithStatusPart("delivery-status", "Content-Type: text/plain\r\n\r\n"
                + "Final-Recipient: rfc822; nobody@example.net\r\nAction: failed\r\n", null));
        MimeMessage noBoundary = parse("From: MAILER-DAEMON@example.org\r\nSubject: Undelivered\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n"
                + "no parts\r\n");

        for (MimeMessage message : List.of(garbage, undecodable, noStatusPart, noBoundary)) {
            assertEquals(Optional.empty(), DeliveryReports.read(message));
        }
        IncomingEmailReceived event = IncomingMessages.read(UUID.randomUUID(), garbage, "1", 10_000, List.of());
        assertNull(event.deliveryReport());
        assertTrue(event.htmlBody().contains("could not be delivered"), event.htmlBody());
    }

    @Test
    void shouldDeadLetterAReportWhoseMimeCannotBeParsedWithTheParsersComplaint() throws Exception {
        MimeMessage noBoundary = parse("From: MAILER-DAEMON@example.org\r\nSubject: Undelivered\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n"
                + "no parts\r\n");

        Exception unreadable = assertThrows(Exception.class,
                () -> IncomingMessages.read(UUID.randomUUID(), noBoundary, "1", 10_000));

        String reason = IncomingDeadLetters.unreadable(UUID.randomUUID(), "1", noBoundary, unreadable).reason();
        assertTrue(reason.contains("boundary"), reason);
    }

    /** A Postfix-shaped bounce: the notice, the delivery-status fields, the returned part (when not null). */
    static String report(String reportType, String statusFields, String returned) {
        return reportWithStatusPart(reportType, "Content-Type: message/delivery-status\r\n\r\n" + statusFields,
                returned);
    }

    private static String reportWithStatusPart(String reportType, String statusPart, String returned) {
        return "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
                + "To: sales@mailroom.test\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <bounce-1@mx.example.org>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=" + reportType + ";\r\n"
                + "\tboundary=\"4F2C81C0A3.1764425495/mx.example.org\"\r\n\r\n"
                + "This is a MIME-encapsulated message.\r\n\r\n"
                + "--4F2C81C0A3.1764425495/mx.example.org\r\nContent-Description: Notification\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is the mail system at host mx.example.org.\r\n\r\n"
                + "Your message could not be delivered to one or more recipients.\r\n\r\n"
                + "--4F2C81C0A3.1764425495/mx.example.org\r\nContent-Description: Delivery report\r\n"
                + statusPart + "\r\n"
                + (returned == null ? "" : "--4F2C81C0A3.1764425495/mx.example.org\r\n"
                        + "Content-Description: Undelivered Message\r\n" + returned + "\r\n")
                + "--4F2C81C0A3.1764425495/mx.example.org--\r\n";
    }

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
