package dev.mailroom.router.incoming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.jboss.logging.Logger;

import dev.mailroom.events.DeliveryReport;
import dev.mailroom.router.mail.MailStreamProvider;

/** Reads a delivery status notification (RFC 3464, a bounce) into the {@link DeliveryReport} of its event. */
public final class DeliveryReports {

    static final int MAX_MESSAGE_ID = 998;
    /** Bytes of the returned message read for its header section. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(DeliveryReports.class);

    static {
        MailStreamProvider.pin();
    }

    private DeliveryReports() {
    }

    /**
     * What the message reports, when it is a {@code multipart/report; report-type=delivery-status}. A report that
     * cannot be read (broken MIME, no recipient with an address and an action) is logged and reads as none: the
     * message is then delivered as an ordinary email, never made a dead letter by its report.
     */
    public static Optional<DeliveryReport> read(Part message) {
        String problem = "has no delivery-status part";
        try {
            if (!isDeliveryReport(message) || !(message.getContent() instanceof Multipart report)) {
                return Optional.empty();
            }
            int index = indexOf(report, "message/delivery-status");
            if (index >= 0) {
                List<DeliveryReport.Recipient> recipients;
                try (InputStream in = decoded(report.getBodyPart(index))) {
                    recipients = DeliveryStatusFields.recipients(in);
                }
                if (!recipients.isEmpty()) {
                    return Optional.of(new DeliveryReport(originalMessageId(report, index + 1), recipients));
                }
                problem = "names no recipient with an address and an action";
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            problem = "cannot be read: " + DeliveryStatusFields.clean(String.valueOf(cause.getMessage()), 500);
        }
        LOG.warnf("Delivery report %s %s; delivered as an ordinary message", messageId(message), problem);
        return Optional.empty();
    }

    private static boolean isDeliveryReport(Part message) throws MessagingException {
        if (!message.isMimeType("multipart/report")) {
            return false;
        }
        String reportType = new ContentType(message.getContentType()).getParameter("report-type");
        return reportType != null && reportType.strip().equalsIgnoreCase("delivery-status");
    }

    private static int indexOf(Multipart report, String type) throws MessagingException {
        for (int i = 0; i < report.getCount(); i++) {
            if (report.getBodyPart(i).isMimeType(type)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The Message-ID of the returned message ({@code message/rfc822}) or of its returned headers
     * ({@code text/rfc822-headers}) after the delivery-status part; null when the report returns neither, or one
     * without a Message-ID (a returned message that cannot be read reads as one without).
     */
    private static String originalMessageId(Multipart report, int from) throws MessagingException {
        for (int i = from; i < report.getCount(); i++) {
            Part part = report.getBodyPart(i);
            boolean message = part.isMimeType("message/rfc822");
            if (message || part.isMimeType("text/rfc822-headers")) {
                try {
                    String id = DeliveryStatusFields.clean(returnedMessageId(part, message), Integer.MAX_VALUE);
                    return id == null || id.length() > MAX_MESSAGE_ID ? null : id;
                } catch (IOException | MessagingException e) {
                    LOG.debugf("The returned message of a delivery report cannot be read: %s", e.getMessage());
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * A returned message is asked for its Message-ID: over IMAP that is the envelope the server sent with the
     * structure (some servers, GreenMail among them, return a nested message's part without its header section).
     * Returned headers are read as such, from the part's bytes and only as far as {@link #MAX_HEADER_BYTES}.
     */
    private static String returnedMessageId(Part part, boolean message) throws MessagingException, IOException {
        if (message && part.getContent() instanceof MimeMessage returned) {
            return returned.getMessageID();
        }
        try (InputStream in = decoded(part)) {
            return new InternetHeaders(new ByteArrayInputStream(in.readNBytes(MAX_HEADER_BYTES)))
                    .getHeader("Message-ID", null);
        }
    }

    /**
     * The part's content, transfer-decoded also for a {@code message/*} part: Jakarta Mail leaves those as they are
     * (RFC 2046 allows them no encoding), yet some servers encode their reports in base64. An unknown encoding is
     * an error, so the report reads as none.
     */
    private static InputStream decoded(Part part) throws MessagingException, IOException {
        if (part instanceof MimeBodyPart body && body.getEncoding() != null) {
            return MimeUtility.decode(body.getRawInputStream(), body.getEncoding());
        }
        return part.getInputStream();
    }

    private static String messageId(Part message) {
        try {
            String[] ids = message.getHeader("Message-ID");
            String id = ids == null || ids.length == 0 ? null : DeliveryStatusFields.clean(ids[0], MAX_MESSAGE_ID);
            return id == null ? "without Message-ID" : id;
        } catch (MessagingException | RuntimeException e) {
            return "without Message-ID";
        }
    }
}
