package dev.mailroom.templating;

import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import org.xml.sax.InputSource;

/**
 * A template's subject and body compiled once; thread-safe (JAXP {@link Templates} are), each render takes a new
 * {@link Transformer}, which is cheap. A missing or blank part renders as empty text.
 */
public final class CompiledTemplate {

    private final long version;
    private final Templates subject;
    private final Templates body;
    private final RenderLimits limits;

    private CompiledTemplate(long version, Templates subject, Templates body, RenderLimits limits) {
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

    public static CompiledTemplate compile(String subjectXslt, String bodyXslt) {
        return compile(0, subjectXslt, bodyXslt, RenderLimits.DEFAULT);
    }

    public long version() {
        return version;
    }

    /** Renders against the data: the subject with raw values on one line, the body with HTML-escaped values. */
    public RenderedTemplate render(RenderData data) {
        String renderedSubject = SubjectLine.of(run(subject, data, false, TemplatePart.SUBJECT,
                limits.maxSubjectChars()));
        String renderedBody = run(body, data, true, TemplatePart.BODY, limits.maxBodyChars());
        return new RenderedTemplate(renderedSubject, renderedBody);
    }

    private static Templates compilePart(String xslt, TemplatePart part) {
        return xslt == null || xslt.isBlank() ? null : XsltCompiler.compile(xslt, part);
    }

    private static String run(Templates templates, RenderData data, boolean escapeHtml, TemplatePart part,
            int maxChars) {
        if (templates == null) {
            return "";
        }
        BoundedWriter out = new BoundedWriter(maxChars);
        XsltCompiler.CollectingErrorListener errors = new XsltCompiler.CollectingErrorListener();
        try {
            Transformer transformer = templates.newTransformer();
            transformer.setURIResolver(XsltCompiler.NO_EXTERNAL_DOCUMENTS);
            transformer.setErrorListener(errors);
            transformer.transform(new SAXSource(new DataDocumentReader(data, escapeHtml), new InputSource()),
                    new StreamResult(out));
            return out.toString();
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("A compiled template refused a new transformer", e);
        } catch (TransformerException e) {
            if (causedByLimit(e)) {
                throw new TemplateRenderException("The template's " + part.column() + " renders more than "
                        + maxChars + " characters.", e);
            }
            throw new TemplateRenderException("The template's " + part.column() + " failed to render: "
                    + errors.describe(e), e);
        } catch (StackOverflowError e) {
            // Only runaway recursion in the stylesheet gets this deep; the stack unwinds cleanly to here.
            throw new TemplateRenderException("The template's " + part.column()
                    + " recurses too deeply to render.", null);
        }
    }

    private static boolean causedByLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BoundedWriter.LimitExceeded) {
                return true;
            }
            if (t instanceof TransformerException te && te.getException() != null && te.getException() != t
                    && causedByLimit(te.getException())) {
                return true;
            }
        }
        return false;
    }
}
