package dev.mailroom.router.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParseException;

import dev.mailroom.events.EmailAttachment;

/** Builds the MIME message for one email; every header value that came from a user is made single-line first. */
final class MimeMessages {

    static final String ACTIVITY_HEADER = "X-Mailroom-Activity-Id";
    static final String TRACKING_HEADER = "X-Mailroom-Tracking-Token";
    static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    private static final String HTML_UTF8 = "text/html; charset=UTF-8";
    /** An https (or http, for a local run) URL of URL characters only: nothing that could end the header or the <>. */
    private static final Pattern UNSUBSCRIBE_URL =
            Pattern.compile("https?://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]{1,2000}");

    static {
        MailStreamProvider.pin();
    }

    private final Session session = Session.getInstance(new java.util.Properties());
    private final String defaultFrom;
    private final BlobSource blobs;

    MimeMessages(String defaultFrom, BlobSource blobs) {
        this.defaultFrom = defaultFrom;
        this.blobs = blobs;
    }

    /** A message and the envelope recipients (To, Cc and Bcc; Bcc never appears in the headers). */
    record Built(MimeMessage message, Address[] recipients) {
    }

    Built build(OutgoingEmail email) throws MessagingException {
        FixedIdMessage message = new FixedIdMessage(session, email.messageId());
        message.setFrom(address(email.from() == null ? defaultFrom : email.from()));
        List<Address> recipients = new ArrayList<>();
        addRecipients(message, RecipientType.TO, email.to(), recipients);
        addRecipients(message, RecipientType.CC, email.cc(), recipients);
        for (String bcc : email.bcc() == null ? List.<String>of() : email.bcc()) {
            recipients.add(address(bcc));
        }
        if (recipients.isEmpty()) {
            throw new AddressException("The email has no recipient");
        }
        message.setSubject(HeaderValues.singleLine(email.subject()), StandardCharsets.UTF_8.name());
        message.setHeader(ACTIVITY_HEADER, HeaderValues.singleLine(email.activityId()));
        if (email.trackingToken() != null) {
            message.setHeader(TRACKING_HEADER, HeaderValues.singleLine(email.trackingToken()));
        }
        if (oneClickUnsubscribe(email.listUnsubscribe())) {
            // RFC 8058: the mailbox provider's "Unsubscribe" button POSTs List-Unsubscribe=One-Click to the URL.
            message.setHeader(LIST_UNSUBSCRIBE, "<" + email.listUnsubscribe() + ">");
            message.setHeader(LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click");
        }
        String html = email.htmlBody() == null ? "" : email.htmlBody();
        String encoding = transferEncoding(html);
        byte[] encoded = EncodedText.encode(html, encoding);
        if (email.attachments().isEmpty()) {
            message.setEncodedBody(HTML_UTF8, encoding, encoded);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            InternetHeaders textHeaders = new InternetHeaders();
            textHeaders.setHeader("Content-Type", HTML_UTF8);
            textHeaders.setHeader("Content-Transfer-Encoding", encoding);
            mixed.addBodyPart(new MimeBodyPart(textHeaders, encoded));
            for (EmailAttachment attachment : email.attachments()) {
                mixed.addBodyPart(attachmentPart(attachment));
            }
            message.setContent(mixed);
        }
        // Saving would format the date with the mail library's SimpleDateFormat, a cost the profile shows per email.
        message.setHeader("Date", DateHeader.now());
        message.saveChanges();
        return new Built(message, recipients.toArray(Address[]::new));
    }

    /** Whether the event's unsubscribe URL can go into the header as it is; one that cannot is left out. */
    static boolean oneClickUnsubscribe(String url) {
        return url != null && UNSUBSCRIBE_URL.matcher(url).matches();
    }

    /**
     * The HTML body's transfer encoding, chosen in one pass over the characters. Plain ASCII in short lines goes as
     * is (7bit); text that is mostly ASCII as quoted-printable; the rest as base64, as the mail library itself would
     * choose. The body is then encoded once, in bulk ({@link EncodedText}), and the message carries those bytes: the
     * library neither renders it through a content handler to choose an encoding nor encodes it byte by byte while
     * writing (both were SMTP-thread costs in the throughput profile).
     */
    static String transferEncoding(String text) {
        int nonAscii = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineLength = 0;
                continue;
            }
            if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\r')) {
                nonAscii++;
            }
            longLine |= ++lineLength > 998;
        }
        if (nonAscii == 0 && !longLine) {
            return "7bit";
        }
        return nonAscii * 3 > text.length() ? "base64" : "quoted-printable";
    }

    /**
     * A file part whose bytes are read from storage only while the message is written. The transfer encoding is set
     * here: left unset, saving the message would read the whole file once just to choose one.
     */
    private MimeBodyPart attachmentPart(EmailAttachment attachment) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new BlobDataSource(attachment, blobs)));
        part.setHeader("Content-Type", safeMimeType(attachment.mimeType()));
        part.setHeader("Content-Transfer-Encoding", "base64");
        part.setDisposition(Part.ATTACHMENT);
        // Also names the file in Content-Type (name=); non-ASCII names are RFC 2231-encoded.
        part.setFileName(HeaderValues.singleLine(attachment.filename()));
        return part;
    }

    /** A MIME type that parses; anything else is sent as the generic binary type rather than failing the email. */
    private static String safeMimeType(String mimeType) {
        try {
            return new ContentType(HeaderValues.singleLine(mimeType)).getBaseType();
        } catch (ParseException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static void addRecipients(MimeMessage message, RecipientType type, List<String> addresses,
            List<Address> envelope) throws MessagingException {
        if (addresses == null) {
            return;
        }
        for (String value : addresses) {
            InternetAddress address = address(value);
            message.addRecipient(type, address);
            envelope.add(address);
        }
    }

    private static InternetAddress address(String value) throws AddressException {
        if (!HeaderValues.isSafeAddress(value)) {
            throw new AddressException("Address contains a line break or control character", String.valueOf(value));
        }
        return new InternetAddress(value, true);
    }

    /** Keeps the Message-ID derived from the activity: JavaMail would generate a random one on save. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        /**
         * A body already in its transfer encoding. With no content object set, the message's data is these bytes:
         * saving leaves them alone, and writing copies them out as they are, in blocks.
         */
        void setEncodedBody(String contentType, String encoding, byte[] encoded) throws MessagingException {
            setHeader("Content-Type", contentType);
            setHeader("Content-Transfer-Encoding", encoding);
            content = encoded;
        }
    }
}
