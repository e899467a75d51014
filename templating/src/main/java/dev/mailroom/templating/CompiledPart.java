package dev.mailroom.templating;

import java.io.IOException;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Result;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.sax.SAXResult;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * One compiled part (subject or body) and the transformers that render it. A bulk job renders it hundreds of
 * thousands of times, and a new {@link Transformer} per render (a new translet, its output properties and a new
 * stream serializer) cost more than the transformation itself. So transformers are kept for reuse (JAXP allows a
 * transformer to be reused by one thread at a time; each render takes one out of the pool and puts it back only after
 * a render that ended normally), and a stylesheet whose output method is {@code text}, as Dataverse's are, writes
 * its characters straight into a bounded buffer through SAX instead of through a text serializer: the text method's
 * output is exactly the result tree's characters, which is what the SAX path collects.
 */
final class CompiledPart implements RenderablePart {

    private final Templates templates;
    private final TemplatePart part;
    private final boolean textOutput;
    /** Idle transformers; at most one per render running at once, so bounded by the threads that render. */
    private final Queue<Transformer> idle = new ConcurrentLinkedQueue<>();

    CompiledPart(Templates templates, TemplatePart part) {
        this.templates = templates;
        this.part = part;
        Properties output = templates.getOutputProperties();
        this.textOutput = "text".equals(output.getProperty(OutputKeys.METHOD));
    }

    @Override
    public String render(RenderData data, boolean escapeHtml, int maxChars) {
        BoundedWriter out = new BoundedWriter(maxChars);
        XsltCompiler.CollectingErrorListener errors = new XsltCompiler.CollectingErrorListener();
        Transformer transformer = take();
        try {
            transformer.setURIResolver(XsltCompiler.NO_EXTERNAL_DOCUMENTS);
            transformer.setErrorListener(errors);
            transformer.transform(new SAXSource(new DataDocumentReader(data, escapeHtml), new InputSource()),
                    result(out));
            transformer.reset();
            idle.offer(transformer);
            return out.toString();
        } catch (TransformerException e) {
            // The failed transformer is dropped: an engine stopped half-way is not reused.
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

    private Transformer take() {
        Transformer transformer = idle.poll();
        if (transformer != null) {
            return transformer;
        }
        try {
            return templates.newTransformer();
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("A compiled template refused a new transformer", e);
        }
    }

    /** Where a render writes: the text method's characters straight into the buffer, any other through a stream. */
    private Result result(BoundedWriter out) {
        if (!textOutput) {
            return new StreamResult(out);
        }
        return new SAXResult(new DefaultHandler() {
            @Override
            public void characters(char[] chars, int start, int length) throws SAXException {
                try {
                    out.write(chars, start, length);
                } catch (IOException e) {
                    throw new SAXException(e);
                }
            }
        });
    }

    private static boolean causedByLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BoundedWriter.LimitExceeded) {
                return true;
            }
            if (t instanceof SAXException se && se.getException() != null && se.getException() != t
                    && causedByLimit(se.getException())) {
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
