package dev.mailroom.bulkmail.fanout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes events that carry the same large strings (a recipient's EmailCreated and EmailPending both carry its
 * rendered body and subject) with the application's ObjectMapper, each shared string escaped once: {@link #share}
 * writes it alone, with the same mapper, into the UTF-8 bytes its JSON string is, and every event copies those bytes
 * in where it carries that very string. The bytes are exactly those {@code writeValueAsBytes} gives for each event
 * (SharedStringsJsonTest); only the escaping of the shared strings is done once instead of once per event.
 *
 * <p>The escaped text is written by the mapper itself rather than by JsonStringEncoder (SerializedString) because the
 * two differ: the mapper's UTF-8 generator writes a character outside the BMP as its two surrogates, each escaped,
 * the encoder as its four UTF-8 bytes. The sharing rides on the generator the mapper writes to, not on a serializer,
 * because it is per recipient, not per type, and the events are plain records of event-contracts.
 *
 * <p>A string of printable ASCII characters only (a rendered body of plain text and markup, the common case), when the
 * mapper writes each of those characters as itself (checked once, below), is quoted here as its bytes without going
 * through the mapper: the same bytes, without a generator, a buffer and an escape lookup per character, which was a
 * tenth of the fan-out's CPU.
 */
@ApplicationScoped
public class SharedStringsJson {

    /** Every printable ASCII character but the two JSON escapes in every mapper's strings, '"' and '\\'. */
    private static final String PRINTABLE = printable();

    private final ObjectMapper mapper;
    /** Whether this mapper writes every character of {@link #PRINTABLE} as itself (no escape of '/', '<', ...). */
    private final boolean asciiAsIs;

    public SharedStringsJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.asciiAsIs = writesAsItself(mapper);
    }

    /** Strings whose JSON text several events share, each escaped here, once. */
    public Shared share(String... values) {
        byte[][] quoted = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                try {
                    quoted[i] = asciiAsIs && printableAscii(values[i]) ? quotedAscii(values[i])
                            : mapper.writeValueAsBytes(values[i]);
                } catch (IOException e) {
                    throw new IllegalArgumentException("A string is not serializable", e);
                }
            }
        }
        return new Shared(values, quoted);
    }

    /** Whether every character is printable ASCII other than '"' and '\\', which JSON writes as it is. */
    static boolean printableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] quotedAscii(String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] quoted = new byte[text.length + 2];
        quoted[0] = '"';
        System.arraycopy(text, 0, quoted, 1, text.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static String printable() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c <= 0x7e; c++) {
            if (c != '"' && c != '\\') {
                all.append(c);
            }
        }
        return all.toString();
    }

    /** Whether the mapper writes the printable characters as themselves, as its default configuration does. */
    private static boolean writesAsItself(ObjectMapper mapper) {
        try {
            return Arrays.equals(mapper.writeValueAsBytes(PRINTABLE), quotedAscii(PRINTABLE));
        } catch (IOException e) {
            return false;
        }
    }

    /** The event's JSON in UTF-8, the shared strings' text copied in where the event carries the same instances. */
    public byte[] write(Object event, Shared shared) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = new SharingGenerator(mapper.createGenerator(out, JsonEncoding.UTF8), shared)) {
            mapper.writeValue(generator, event);
        } catch (IOException e) {
            throw new IllegalArgumentException("Event " + event.getClass().getSimpleName() + " is not serializable", e);
        }
        return out.toByteArray();
    }

    /** The strings and their JSON text, quotes included; the same instances are looked for, by identity. */
    public static final class Shared {
        private final String[] values;
        private final byte[][] quoted;

        private Shared(String[] values, byte[][] quoted) {
            this.values = values;
            this.quoted = quoted;
        }

        /** @return the value's JSON string in UTF-8, quotes included, or null when it is not one of these instances */
        byte[] of(String value) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == value) {
                    return quoted[i];
                }
            }
            return null;
        }
    }

    /** Writes a shared string's kept text instead of escaping the string again; everything else as it is. */
    private static final class SharingGenerator extends JsonGeneratorDelegate {
        private final Shared shared;

        SharingGenerator(JsonGenerator delegate, Shared shared) {
            super(delegate, false);
            this.shared = shared;
        }

        @Override
        public void writeString(String text) throws IOException {
            byte[] kept = text == null ? null : shared.of(text);
            if (kept != null) {
                // The generator adds its quotes around already escaped UTF-8: the kept text without its own.
                delegate.writeRawUTF8String(kept, 1, kept.length - 2);
            } else {
                delegate.writeString(text);
            }
        }
    }
}
