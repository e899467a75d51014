package dev.mailroom.eventing.outbox;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes outbox rows in PostgreSQL's binary {@code COPY} format: a header, one tuple per row (a field count, then
 * each field as its length and its bytes in the type's binary form, -1 for null) and a trailer. Text goes as its
 * UTF-8 bytes, so a payload is neither escaped by the client nor parsed by the server, as the array parameters of
 * an {@code INSERT ... SELECT FROM unnest} are on both sides.
 *
 * <p>The columns, in order, are those of {@link #COLUMNS}; {@code id} takes its sequence default, row by row in the
 * order written.
 */
final class OutboxCopyRows implements AutoCloseable {

    /** The columns each tuple carries, in the order {@link #row} writes them. */
    static final String COLUMNS = "event_id, topic, message_key, event_type, source, subject, occurred_at, payload, "
            + "traceparent";

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short FIELDS = 9;
    /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in Unix seconds. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final DataOutputStream out;

    OutboxCopyRows(OutputStream target) throws IOException {
        this.out = new DataOutputStream(target);
        out.write(SIGNATURE);
        out.writeInt(0); // flags: no OIDs
        out.writeInt(0); // header extension length
    }

    /** One row; {@code payload} is the event's JSON already encoded as UTF-8 (the size guard measured it). */
    void row(UUID eventId, byte[] topic, String key, byte[] eventType, byte[] source, Instant occurredAt,
            byte[] payload, String traceparent) throws IOException {
        out.writeShort(FIELDS);
        out.writeInt(16);
        out.writeLong(eventId.getMostSignificantBits());
        out.writeLong(eventId.getLeastSignificantBits());
        bytes(topic);
        byte[] keyBytes = utf8(key);
        bytes(keyBytes);
        bytes(eventType);
        bytes(source);
        bytes(keyBytes); // subject: the key, as appendAll writes it
        out.writeInt(8);
        out.writeLong(microsSincePostgresEpoch(occurredAt));
        bytes(payload);
        bytes(utf8(traceparent));
    }

    /** Ends the stream with the trailer; the caller then ends the copy. */
    @Override
    public void close() throws IOException {
        out.writeShort(-1);
        out.flush();
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** timestamptz's binary form: microseconds since 2000-01-01 UTC (sub-microsecond digits dropped). */
    static long microsSincePostgresEpoch(Instant instant) {
        return Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L)
                + instant.getNano() / 1_000;
    }

    private void bytes(byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }
}
