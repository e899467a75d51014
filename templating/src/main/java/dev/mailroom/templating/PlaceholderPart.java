package dev.mailroom.templating;

import java.util.List;

import dev.mailroom.templating.PlaceholderTemplate.Placeholder;
import dev.mailroom.templating.PlaceholderTemplate.Segment;
import dev.mailroom.templating.PlaceholderTemplate.Text;

/**
 * A part written in the placeholder form, rendered from its parsed segments without the XSLT engine. Its stored
 * form ({@link PlaceholderTemplate#toXslt()}) is literal text, {@code value-of} and {@code choose} over paths of
 * {@code <data>}, and this gives exactly what the engine gives for it (PlaceholderPartTest renders both ways):
 * a path selects the first element (or {@code name} attribute) of that name in document order, record after record,
 * the value as {@link DataDocumentReader} writes it (cleaned of forbidden characters, HTML-escaped in a body); a
 * missing one gives the default, empty when there is none. Written by hand because the engine builds a new
 * document model (a DTM) for every render, which was a quarter of a bulk job's CPU per recipient.
 */
final class PlaceholderPart implements RenderablePart {

    private final List<Segment> segments;
    private final TemplatePart part;

    PlaceholderPart(PlaceholderTemplate template, TemplatePart part) {
        this.segments = template.segments().stream().map(PlaceholderPart::asParsed).toList();
        this.part = part;
    }

    /**
     * The template's own text as the stored stylesheet yields it: an XML parser reads that stylesheet, and turns
     * every CR LF and lone CR of its text into LF. (Values come from the data, which no parser reads.)
     */
    private static Segment asParsed(Segment segment) {
        if (segment instanceof Text text) {
            return new Text(lineFeeds(text.value()));
        }
        Placeholder p = (Placeholder) segment;
        return new Placeholder(p.entity(), p.attribute(), p.displayName(), lineFeeds(p.defaultText()));
    }

    private static String lineFeeds(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    @Override
    public String render(RenderData data, boolean escapeHtml, int maxChars) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Text text) {
                out.append(text.value());
            } else if (segment instanceof Placeholder placeholder) {
                String value = select(data, placeholder);
                out.append(value == null ? placeholder.defaultText() : value(value, escapeHtml));
            }
            if (out.length() > maxChars) {
                throw new TemplateRenderException("The template's " + part.column() + " renders more than "
                        + maxChars + " characters.");
            }
        }
        return out.toString();
    }

    /** The raw value or display name the placeholder's path selects first, or null when it selects nothing. */
    private static String select(RenderData data, Placeholder placeholder) {
        for (DataRecord record : data.records()) {
            if (!record.entity().equals(placeholder.entity())) {
                continue;
            }
            for (DataField field : record.fields()) {
                if (field.attribute().equals(placeholder.attribute())) {
                    String selected = placeholder.displayName() ? field.displayName() : field.value();
                    if (selected != null) {
                        return selected;
                    }
                }
            }
        }
        return null;
    }

    private static String value(String raw, boolean escapeHtml) {
        String clean = XmlText.clean(raw);
        return escapeHtml ? HtmlText.escape(clean) : clean;
    }
}
