package dev.mailroom.router.incoming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.angus.mail.dsn.DeliveryStatus;

import dev.mailroom.events.DeliveryReport;

/** The per-recipient fields of a {@code message/delivery-status} part, bounded and cleaned: they come off the wire. */
final class DeliveryStatusFields {

    /** Recipients reported at most: the event must fit Kafka. */
    static final int MAX_RECIPIENTS = 100;
    static final int MAX_ADDRESS = 320;
    static final int MAX_DIAGNOSTIC = 1000;
    /** Bytes of the part read: a hundred recipients with long diagnostics fit with room to spare. */
    static final int MAX_BYTES = 256 * 1024;

    private static final Set<String> ACTIONS = Set.of("failed", "delayed", "delivered", "relayed", "expanded");
    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    // Folding, CR/LF, other C0/C1 controls and Unicode line breaks: a value read here is one line in logs and mail.
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}\\u2028\\u2029\\s]+");

    private DeliveryStatusFields() {
    }

    /**
     * The recipients the part names, read by {@link DeliveryStatus} from its bytes rather than through a content
     * handler (the mailcap lookup depends on the class loader). A block without an address or a known action is
     * left out, as is the last block of a part cut at {@link #MAX_BYTES}: it may be incomplete.
     */
    static List<DeliveryReport.Recipient> recipients(InputStream part) throws MessagingException, IOException {
        byte[] bytes = part.readNBytes(MAX_BYTES + 1);
        boolean cut = bytes.length > MAX_BYTES;
        DeliveryStatus status = new DeliveryStatus(new ByteArrayInputStream(bytes, 0, Math.min(bytes.length,
                MAX_BYTES)));
        int blocks = status.getRecipientDSNCount() - (cut ? 1 : 0);
        List<DeliveryReport.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < blocks && recipients.size() < MAX_RECIPIENTS; i++) {
            InternetHeaders fields = status.getRecipientDSN(i);
            String address = address(fields.getHeader("Final-Recipient", null));
            if (address == null) {
                address = address(fields.getHeader("Original-Recipient", null));
            }
            String action = action(fields.getHeader("Action", null));
            if (address != null && action != null) {
                recipients.add(new DeliveryReport.Recipient(address, action, status(fields.getHeader("Status", null)),
                        clean(fields.getHeader("Diagnostic-Code", null), MAX_DIAGNOSTIC)));
            }
        }
        return recipients;
    }

    /** {@code rfc822; user@example.com}: the address without its type, angle brackets or whitespace. */
    private static String address(String value) {
        String address = clean(value, Integer.MAX_VALUE);
        if (address == null) {
            return null;
        }
        address = address.substring(address.indexOf(';') + 1).replace(" ", "");
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        // A longer address is no address: cutting it would name someone else.
        return address.isEmpty() || address.length() > MAX_ADDRESS ? null : address;
    }

    /** The action's first word, when it is one RFC 3464 defines. */
    private static String action(String value) {
        String action = firstWord(value);
        return action != null && ACTIONS.contains(action.toLowerCase(Locale.ROOT)) ? action : null;
    }

    /** The RFC 3463 code ({@code 5.1.1}), without a comment after it; null when the field holds none. */
    private static String status(String value) {
        String status = firstWord(value);
        return status != null && STATUS.matcher(status).matches() ? status : null;
    }

    private static String firstWord(String value) {
        String line = clean(value, Integer.MAX_VALUE);
        return line == null ? null : line.split("[ (]", 2)[0];
    }

    /** The value unfolded into one line without control characters, cut at {@code max}; null when blank. */
    static String clean(String value, int max) {
        if (value == null) {
            return null;
        }
        String line = CONTROLS.matcher(MimeUtility.unfold(value)).replaceAll(" ").strip();
        if (line.length() > max) {
            int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
            line = line.substring(0, end).strip();
        }
        return line.isEmpty() ? null : line;
    }
}
