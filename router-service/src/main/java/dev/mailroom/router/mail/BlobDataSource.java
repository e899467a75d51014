package dev.mailroom.router.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.activation.DataSource;

import dev.mailroom.events.EmailAttachment;

/**
 * One attachment as the MIME writer reads it: the blob is opened only when the part is written to the SMTP
 * connection, and copied through the Base64 encoder in chunks, so no file is held in memory.
 */
final class BlobDataSource implements DataSource {

    private final EmailAttachment attachment;
    private final BlobSource blobs;

    BlobDataSource(EmailAttachment attachment, BlobSource blobs) {
        this.attachment = attachment;
        this.blobs = blobs;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return blobs.open(attachment.sha256());
    }

    @Override
    public OutputStream getOutputStream() {
        throw new UnsupportedOperationException("An attachment is read-only");
    }

    @Override
    public String getContentType() {
        return attachment.mimeType();
    }

    @Override
    public String getName() {
        return attachment.filename();
    }
}
