package dev.mailroom.eventing.http;

/**
 * The body length a request declares in its {@code Content-Length}, read the same way by every early size check
 * and by the resources that pass it on (a stream of known size is stored in one request).
 */
public final class DeclaredLength {

    /** What {@link #of} answers when there is no length to go by: no header, or one that is not a number. */
    public static final long UNKNOWN = -1;

    private DeclaredLength() {
    }

    /**
     * The Content-Length header's value as a number; {@link #UNKNOWN} when absent (a chunked body) or unreadable
     * (Vert.x refuses a malformed one before a route runs anyway, so an early check simply lets it through).
     */
    public static long of(String contentLength) {
        if (contentLength == null) {
            return UNKNOWN;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
