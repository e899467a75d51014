package dev.mailroom.eventing.ids;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * New record and event ids as UUID version 7 (RFC 9562): a millisecond timestamp first, then a counter and random
 * bits. Ids that grow with time keep primary-key index inserts at the right edge of the B-tree (a random id dirties a
 * random leaf page per row), and make the key order (the default order of every collection and the tie-break of
 * keyset paging) the order rows were created in, even within one request (an email's parties keep the order the
 * client gave). Event ids become the inbox's keys in the consuming service ({@code processed_event}), so the same
 * holds there.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long counter;

    private TimeOrderedIds() {
    }

    public static synchronized UUID next() {
        long millis = System.currentTimeMillis();
        if (millis <= lastMillis) {
            counter++;
            if (counter > 0xFFF) {
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
        } else {
            lastMillis = millis;
            counter = 0;
        }
        long high = (millis << 16) | 0x7000L | counter;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
