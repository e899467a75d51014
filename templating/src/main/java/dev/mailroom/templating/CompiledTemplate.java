package dev.mailroom.templating;

import javax.xml.transform.Templates;

/**
 * A template's subject and body compiled once; thread-safe (each part is a {@link CompiledPart}, which lends a
 * transformer to one render at a time). A missing or blank part renders as empty text.
 */
public final class CompiledTemplate {

    private final long version;
    private final RenderablePart subject;
    private final RenderablePart body;
    private final RenderLimits limits;

    private CompiledTemplate(long version, RenderablePart subject, RenderablePart body, RenderLimits limits) {
        this.version = version;
        this.subject = subject;
        this.body = body;
        this.limits = limits;
    }

    /** Compiles both parts, each given in the stored XSLT form; a malformed part is a TemplateSyntaxException. */
    public static CompiledTemplate compile(long version, String subjectXslt, String bodyXslt, RenderLimits limits) {
        return new CompiledTemplate(version, compilePart(subjectXslt, TemplatePart.SUBJECT),
                compilePart(bodyXslt, TemplatePart.BODY), limits);
    }

    /**
     * Compiles both parts, each in either form ({@link TemplateForm}): a stylesheet with the XSLT engine, as
     * {@link #compile(long, String, String, RenderLimits)} does; placeholder text parsed and rendered without the
     * engine, to the very text its stored XSLT form renders. For a bulk job, which renders one template for every
     * recipient. A malformed part is a TemplateSyntaxException either way.
     */
    public static CompiledTemplate compileEitherForm(long version, String subject, String body, RenderLimits limits) {
        return new CompiledTemplate(version, compileEitherForm(subject, TemplatePart.SUBJECT),
                compileEitherForm(body, TemplatePart.BODY), limits);
    }

    public static CompiledTemplate compile(String subjectXslt, String bodyXslt) {
        return compile(0, subjectXslt, bodyXslt, RenderLimits.DEFAULT);
    }

    public long version() {
        return version;
    }

    /** Renders against the data: the subject with raw values on one line, the body with HTML-escaped values. */
    public RenderedTemplate render(RenderData data) {
        String renderedSubject = SubjectLine.of(run(subject, data, false, limits.maxSubjectChars()));
        String renderedBody = run(body, data, true, limits.maxBodyChars());
        return new RenderedTemplate(renderedSubject, renderedBody);
    }

    private static RenderablePart compileEitherForm(String text, TemplatePart part) {
        String given = text == null ? "" : text;
        if (TemplateForm.of(given) == TemplateForm.XSLT) {
            return compilePart(given, part);
        }
        return new PlaceholderPart(PlaceholderTemplate.parse(given), part);
    }

    private static CompiledPart compilePart(String xslt, TemplatePart part) {
        if (xslt == null || xslt.isBlank()) {
            return null;
        }
        Templates templates = XsltCompiler.compile(xslt, part);
        return new CompiledPart(templates, part);
    }

    private static String run(RenderablePart compiled, RenderData data, boolean escapeHtml, int maxChars) {
        return compiled == null ? "" : compiled.render(data, escapeHtml, maxChars);
    }
}
