package dev.mailroom.activity.service;

/**
 * What a write's If-Match / If-None-Match headers demand: any existing row ({@code If-Match: *}), a row of one
 * version ({@code If-Match: W/"n"}), no row yet ({@code If-None-Match: *}), or nothing.
 *
 * @param version the version If-Match named, or null
 */
public record Precondition(Kind kind, Long version) {

    /** The four cases. */
    public enum Kind {
        NONE, MUST_EXIST, MUST_NOT_EXIST, VERSION
    }

    public static final Precondition NONE = new Precondition(Kind.NONE, null);

    public static Precondition fromHeaders(String ifMatch, String ifNoneMatch) {
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")) {
            return new Precondition(Kind.MUST_NOT_EXIST, null);
        }
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("null")) {
            return NONE;
        }
        if (ifMatch.trim().equals("*")) {
            return new Precondition(Kind.MUST_EXIST, null);
        }
        return new Precondition(Kind.VERSION, parseEtag(ifMatch));
    }

    /** {@code W/"12"} or {@code "12"} to 12; anything else can match no row (-1). */
    public static long parseEtag(String etag) {
        String value = etag.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
