package dev.mailroom.router.incoming;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;

import org.eclipse.angus.mail.util.DecodingException;
import org.jboss.logging.Logger;

import dev.mailroom.events.IncomingAttachment;
import dev.mailroom.router.attachments.AttachmentServiceUploads;
import dev.mailroom.router.attachments.AttachmentServiceUploads.StoredBlob;
import dev.mailroom.router.config.RouterConfig;

/**
 * Stores the files of an incoming message in attachment-service before the message is published: each part is
 * streamed from the mail server (IMAP fetches a part in chunks; POP3 messages are cached in a temporary file, see
 * the poller) through its transfer decoding into {@code PUT /blobs}, never whole in memory. The router then holds
 * one blob reference per file, so the collector keeps it whatever activity-service's lag; activity-service takes the
 * reference over when it links the file, or releases it when it does not.
 *
 * <p>What is a file: every part with {@code Content-Disposition: attachment} or a file name, every non-text leaf
 * (an inline image without a name), and an attached message ({@code message/rfc822}, kept whole as a file). The
 * text and HTML parts without a name are the body.
 */
@ApplicationScoped
public class IncomingFiles {

    private static final Logger LOG = Logger.getLogger(IncomingFiles.class);
    private static final String OCTET_STREAM = "application/octet-stream";

    private final AttachmentServiceUploads uploads;
    private final RouterConfig.Incoming config;

    public IncomingFiles(AttachmentServiceUploads uploads, RouterConfig config) {
        this.uploads = uploads;
        this.config = config.incoming();
    }

    /**
     * A file could not be stored now (attachment-service down or refusing, or the mail server stopped answering
     * while the file was read): the message is to be read again at a later poll.
     */
    public static final class RetryLaterException extends Exception {
        private static final long serialVersionUID = 1L;

        RetryLaterException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The parts of a message that are files, in the order they appear. */
    static List<Part> fileParts(Part message) throws MessagingException, IOException {
        List<Part> files = new ArrayList<>();
        collect(message, files);
        return files;
    }

    /**
     * Stores every file of the message and holds a reference to each. On a failure the references already taken
     * for this message are given back.
     *
     * @throws RetryLaterException a file cannot be stored now: nothing of this message is kept
     * @throws MessagingException the message's MIME cannot be read (a dead letter), as is an {@link IOException}
     *     decoding a part whose transfer encoding is broken
     */
    public List<IncomingAttachment> store(Part message) throws MessagingException, IOException,
            RetryLaterException {
        List<Part> parts = fileParts(message);
        List<IncomingAttachment> stored = new ArrayList<>(parts.size());
        try {
            for (int i = 0; i < parts.size(); i++) {
                stored.add(store(parts.get(i), i + 1));
            }
        } catch (RetryLaterException | MessagingException | IOException | RuntimeException e) {
            release(stored);
            throw e;
        }
        return stored;
    }

    /** Gives back the references held for files that will not be published (best effort: a leak keeps bytes). */
    public void release(List<IncomingAttachment> files) {
        for (IncomingAttachment file : files) {
            if (file.sha256() == null) {
                continue;
            }
            try {
                uploads.release(file.sha256());
            } catch (IOException e) {
                LOG.warnf("Could not release a reference to blob %s (it is kept until released): %s", file.sha256(),
                        e.getMessage());
            }
        }
    }

    private IncomingAttachment store(Part part, int number) throws MessagingException, IOException,
            RetryLaterException {
        String mimeType = mimeType(part);
        String filename = filename(part, number, mimeType);
        String contentId = contentId(part);
        StoredBlob blob;
        try (LimitedStream content = new LimitedStream(part.getInputStream(), config.maxAttachmentSize())) {
            try {
                blob = uploads.store(content, mimeType, config.attachmentUploadTimeout());
            } catch (IOException e) {
                if (content.exceeded() || e instanceof AttachmentServiceUploads.BlobTooLargeException) {
                    LOG.infof("Attachment %s (%s) is larger than can be stored; it is reported as not saved",
                            filename, mimeType);
                    return new IncomingAttachment(null, filename, mimeType, 0, contentId);
                }
                if (content.readFailed()) {
                    if (content.failure() instanceof DecodingException) {
                        throw content.failure(); // the part itself is broken: no later poll reads it better
                    }
                    throw new RetryLaterException("Reading attachment " + filename + " from the mail server "
                            + "failed: " + describe(content.failure()), content.failure());
                }
                throw new RetryLaterException("Storing attachment " + filename + " failed: " + describe(e), e);
            }
        }
        try {
            uploads.hold(blob.sha256());
        } catch (IOException e) {
            throw new RetryLaterException("Holding attachment " + filename + " failed: " + describe(e), e);
        }
        return new IncomingAttachment(blob.sha256(), filename, mimeType, blob.size(), contentId);
    }

    private static void collect(Part part, List<Part> files) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), files);
            }
            return;
        }
        boolean named = part.getFileName() != null;
        boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        boolean text = part.isMimeType("text/plain") || part.isMimeType("text/html");
        if (attached || named || !text) {
            files.add(part);
        }
    }

    /** An exception's message, or its type when it has none (a refused connection often has none). */
    private static String describe(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
    }

    private static String mimeType(Part part) throws MessagingException {
        String header = part.getContentType();
        if (header == null) {
            return OCTET_STREAM;
        }
        try {
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return OCTET_STREAM;
        }
    }

    /** The part's name, RFC 2231 or encoded-word decoded; a made-up one when it has none. */
    private static String filename(Part part, int number, String mimeType) throws MessagingException {
        String name = part.getFileName();
        if (name != null && name.contains("=?")) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (UnsupportedEncodingException e) {
                // an unknown charset: the name stays as it came
            }
        }
        if (name != null && !name.isBlank()) {
            return name;
        }
        if (mimeType.equals("message/rfc822")) {
            return "attachment-" + number + ".eml";
        }
        // A bounce's machine-readable parts are plain text: named so that they open as text.
        if (mimeType.equals("message/delivery-status") || mimeType.equals("text/rfc822-headers")) {
            return "attachment-" + number + ".txt";
        }
        String subtype = mimeType.substring(mimeType.indexOf('/') + 1);
        return "attachment-" + number + (subtype.matches("[a-z0-9]{1,5}") ? "." + subtype : "");
    }

    private static String contentId(Part part) throws MessagingException {
        if (!(part instanceof MimePart mime) || mime.getContentID() == null) {
            return null;
        }
        String id = mime.getContentID().strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.isBlank() ? null : id;
    }

    /**
     * A part's decoded bytes with a ceiling: past {@code limit} bytes it fails the upload, so that a file too large
     * to store ends as "not saved" rather than as an outage tried again for ever. It also tells a failure to read
     * the message (the mail server went away) from a failure of attachment-service.
     */
    private static final class LimitedStream extends FilterInputStream {
        private final long limit;
        private long count;
        private boolean exceeded;
        private IOException readFailure;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        boolean readFailed() {
            return readFailure != null;
        }

        IOException failure() {
            return readFailure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                readFailure = e;
                throw e;
            }
            if (n > 0) {
                count += n;
                if (count > limit) {
                    exceeded = true;
                    throw new IOException("The file is larger than " + limit + " bytes");
                }
            }
            return n;
        }
    }
}
