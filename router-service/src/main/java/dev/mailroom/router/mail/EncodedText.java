package dev.mailroom.router.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A text body encoded once, in bulk, into the bytes that go on the wire in its Content-Transfer-Encoding. The mail
 * library would encode it while the message is written, through an encoder stream that takes one byte per call
 * (its quoted-printable encoder was the SMTP threads' largest cost in the throughput profile); here one loop over
 * an array does it, and the message writes the result as it is.
 */
final class EncodedText {

    /** RFC 2045, 6.7 (5): an encoded line is at most 76 characters, the soft break's "=" included. */
    private static final int MAX_ENCODED_LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(MAX_ENCODED_LINE, CRLF);
    private static final boolean[] PLAIN = plainBytes();

    private EncodedText() {
    }

    /** The UTF-8 bytes of {@code text} in {@code encoding}: 7bit or 8bit (as they are), quoted-printable, base64. */
    static byte[] encode(String text, String encoding) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return switch (encoding) {
            case "7bit", "8bit" -> utf8;
            case "quoted-printable" -> quotedPrintable(utf8);
            case "base64" -> BASE64.encode(utf8);
            default -> throw new IllegalArgumentException("Unsupported transfer encoding " + encoding);
        };
    }

    /**
     * Quoted-printable for text (RFC 2045, 6.7): a line break of the text (CRLF, or a lone LF or CR) is a CRLF;
     * printable ASCII but "=" stays as it is; a space or tab stays unless it ends a line; every other byte is "=XX";
     * lines longer than 76 characters are broken softly ("=" at the end of the line). A run of characters that stay
     * as they are is copied at once, up to the room left on the line, rather than byte by byte: most of an HTML body
     * is such runs, and the per-byte loop was the SMTP threads' largest item in the throughput profile.
     */
    static byte[] quotedPrintable(byte[] in) {
        // At most 3 characters per byte, plus a 3-byte soft break per 25 of those: under 4 per byte.
        byte[] out = new byte[in.length * 4 + 8];
        int length = 0;
        int column = 0;
        int i = 0;
        while (i < in.length) {
            int runEnd = i;
            while (runEnd < in.length && PLAIN[in[runEnd] & 0xff]) {
                runEnd++;
            }
            while (i < runEnd) {
                if (column == MAX_ENCODED_LINE - 1) {
                    length = softBreak(out, length);
                    column = 0;
                }
                int take = Math.min(MAX_ENCODED_LINE - 1 - column, runEnd - i);
                System.arraycopy(in, i, out, length, take);
                length += take;
                column += take;
                i += take;
            }
            if (i == in.length) {
                break;
            }
            int b = in[i] & 0xff;
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
                i++;
                continue;
            }
            // Trailing white space would be lost by a transport that strips it: encoded at the end of a line.
            boolean literal = (b == ' ' || b == '\t') && i + 1 < in.length && in[i + 1] != '\r' && in[i + 1] != '\n';
            int width = literal ? 1 : 3;
            if (column + width > MAX_ENCODED_LINE - 1) {
                length = softBreak(out, length);
                column = 0;
            }
            if (literal) {
                out[length++] = (byte) b;
            } else {
                out[length++] = '=';
                out[length++] = HEX[b >> 4];
                out[length++] = HEX[b & 0xf];
            }
            column += width;
            i++;
        }
        return Arrays.copyOf(out, length);
    }

    private static int softBreak(byte[] out, int length) {
        out[length] = '=';
        out[length + 1] = '\r';
        out[length + 2] = '\n';
        return length + 3;
    }

    /** Bytes that quoted-printable leaves as they are wherever they stand: printable ASCII but "=". */
    private static boolean[] plainBytes() {
        boolean[] plain = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            plain[b] = b != '=';
        }
        return plain;
    }
}
