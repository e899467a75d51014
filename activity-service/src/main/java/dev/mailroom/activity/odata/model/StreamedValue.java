package dev.mailroom.activity.odata.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** A value too large to hold in memory (a file), written to the response as it is read from where it is kept. */
public interface StreamedValue {

    String contentType();

    /** Bytes {@link #writeTo} writes, or -1 when unknown. */
    long length();

    /** Writes the value once; the source is opened already, so failures to reach it came before the status. */
    void writeTo(OutputStream out) throws IOException;

    /** The whole value, for the one place that cannot stream: a part of a $batch response. */
    default byte[] readAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
