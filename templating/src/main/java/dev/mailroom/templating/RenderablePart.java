package dev.mailroom.templating;

/** A compiled subject or body; thread-safe. */
interface RenderablePart {

    /**
     * Renders against the data, values HTML-escaped when {@code escapeHtml}; more than {@code maxChars} characters
     * is a {@link TemplateRenderException}.
     */
    String render(RenderData data, boolean escapeHtml, int maxChars);
}
