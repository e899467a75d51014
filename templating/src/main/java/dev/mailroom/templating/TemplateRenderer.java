package dev.mailroom.templating;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders stored templates, compiling each template version once and keeping the compiled form for the next
 * render. Thread-safe; one instance per service. The cache holds one version per template id (a newer version
 * replaces the older) and at most {@code maxTemplates} templates.
 */
public final class TemplateRenderer {

    /** How many templates a renderer keeps compiled unless told otherwise. */
    public static final int DEFAULT_MAX_TEMPLATES = 1_000;

    private final Map<UUID, CompiledTemplate> compiled = new ConcurrentHashMap<>();
    private final int maxTemplates;
    private final RenderLimits limits;

    public TemplateRenderer() {
        this(DEFAULT_MAX_TEMPLATES, RenderLimits.DEFAULT);
    }

    public TemplateRenderer(int maxTemplates, RenderLimits limits) {
        if (maxTemplates <= 0) {
            throw new IllegalArgumentException("maxTemplates must be positive");
        }
        this.maxTemplates = maxTemplates;
        this.limits = limits;
    }

    /** Renders a template version against the data; see {@link CompiledTemplate#render}. */
    public RenderedTemplate render(TemplateVersion template, RenderData data) {
        return compiled(template).render(data);
    }

    /** The compiled form of a template version, compiled now if it is not cached (TemplateSyntaxException). */
    public CompiledTemplate compiled(TemplateVersion template) {
        CompiledTemplate cached = compiled.get(template.templateId());
        if (cached != null && cached.version() == template.version()) {
            return cached;
        }
        // Compiling twice under a race is harmless (the result is the same); a lock would stall other templates.
        CompiledTemplate fresh = CompiledTemplate.compile(template.version(), template.subject(), template.body(),
                limits);
        compiled.merge(template.templateId(), fresh, (old, now) -> now.version() >= old.version() ? now : old);
        evictBeyondLimit();
        return fresh;
    }

    /** How many templates are compiled and cached now. */
    public int cachedTemplates() {
        return compiled.size();
    }

    private void evictBeyondLimit() {
        Iterator<UUID> ids = compiled.keySet().iterator();
        while (compiled.size() > maxTemplates && ids.hasNext()) {
            ids.next();
            ids.remove();
        }
    }
}
