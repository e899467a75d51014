package dev.mailroom.templating;

/** The longest subject and body a rendering may produce before it is stopped with an error. */
public record RenderLimits(int maxSubjectChars, int maxBodyChars) {

    /** Generous defaults: a caller (the email table) applies its own, stricter column limits afterwards. */
    public static final RenderLimits DEFAULT = new RenderLimits(20_000, 4_000_000);

    public RenderLimits {
        if (maxSubjectChars <= 0 || maxBodyChars <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
