package dev.mailroom.templating;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Template text in Mailroom's readable form, {@code Dear {!contact:firstname;Valued Customer},}, parsed and
 * compiled to Dataverse's XSLT form. The syntax is specified in the module README.
 */
public final class PlaceholderTemplate {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final String LOOKUP_NAME_SUFFIX = "/@name";

    /** A piece of the text: either literal text or a placeholder. */
    public sealed interface Segment permits Text, Placeholder {
    }

    /** Literal text, escapes already resolved. */
    public record Text(String value) implements Segment {
    }

    /**
     * A value from the data document: {@code entity/attribute}, or the display name of a lookup or choice
     * ({@code entity/attribute/@name}); {@code defaultText} (possibly empty) stands in when the value is missing.
     */
    public record Placeholder(String entity, String attribute, boolean displayName, String defaultText)
            implements Segment {

        /** The XPath the placeholder selects, relative to {@code /data}. */
        public String path() {
            return entity + "/" + attribute + (displayName ? LOOKUP_NAME_SUFFIX : "");
        }
    }

    private final List<Segment> segments;

    private PlaceholderTemplate(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Parses placeholder text; a malformed placeholder is a {@link TemplateSyntaxException} naming line and column. */
    public static PlaceholderTemplate parse(String text) {
        return new Parser(text == null ? "" : text).parse();
    }

    /** The equivalent XSLT stylesheet, in the shape Dataverse stores (static text in CDATA, value-of, choose). */
    public String toXslt() {
        StringBuilder xsl = new StringBuilder(XsltDocuments.HEAD);
        for (Segment segment : segments) {
            if (segment instanceof Text text) {
                XsltDocuments.appendText(xsl, text.value());
            } else if (segment instanceof Placeholder p) {
                XsltDocuments.appendPlaceholder(xsl, p.path(), p.defaultText());
            }
        }
        return xsl.append(XsltDocuments.TAIL).toString();
    }

    /** A one-pass reader of the text; positions are reported 1-based, as an editor shows them. */
    private static final class Parser {
        private final String text;
        private final List<Segment> segments = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        PlaceholderTemplate parse() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\' && isEscapable(pos + 1)) {
                    literal.append(text.charAt(pos + 1));
                    pos += 2;
                } else if (c == '{' && pos + 1 < text.length() && text.charAt(pos + 1) == '!') {
                    flushLiteral();
                    segments.add(placeholder());
                } else {
                    checkXmlCharacter(pos);
                    literal.append(c);
                    pos++;
                }
            }
            flushLiteral();
            return new PlaceholderTemplate(segments);
        }

        private Placeholder placeholder() {
            int start = pos;
            pos += 2;
            int close = closingBrace(start);
            String inside = text.substring(pos, close);
            int colon = inside.indexOf(':');
            int semicolon = firstUnescaped(inside, ';');
            int nameEnd = semicolon < 0 ? inside.length() : semicolon;
            if (colon < 0 || colon > nameEnd) {
                throw error(start, "a placeholder is {!entity:attribute} or {!entity:attribute;default}, found {!"
                        + inside + "}");
            }
            String entity = name(inside.substring(0, colon).strip(), start, "entity");
            String attributePart = inside.substring(colon + 1, nameEnd).strip();
            boolean displayName = attributePart.endsWith(LOOKUP_NAME_SUFFIX);
            if (displayName) {
                attributePart = attributePart.substring(0, attributePart.length() - LOOKUP_NAME_SUFFIX.length());
            }
            String attribute = name(attributePart, start, "attribute");
            String defaultText = semicolon < 0 ? "" : defaultText(inside.substring(semicolon + 1), pos + semicolon + 1);
            pos = close + 1;
            return new Placeholder(entity, attribute, displayName, defaultText);
        }

        /** The index of the '}' closing the placeholder opened at start; '{' or a second ';' before it is an error. */
        private int closingBrace(int start) {
            int semicolons = 0;
            for (int i = pos; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && isEscapable(i + 1)) {
                    i++;
                } else if (c == '}') {
                    return i;
                } else if (c == '{') {
                    throw error(i, "'{' inside a placeholder must be written '\\{'");
                } else if (c == ';' && ++semicolons > 1) {
                    throw error(i, "';' inside a placeholder's default must be written '\\;'");
                }
            }
            throw error(start, "the placeholder is not closed with '}'");
        }

        private String defaultText(String raw, int offset) {
            StringBuilder value = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length() && "{};\\".indexOf(raw.charAt(i + 1)) >= 0) {
                    value.append(raw.charAt(++i));
                } else {
                    checkXmlCharacter(offset + i);
                    value.append(c);
                }
            }
            return value.toString();
        }

        private String name(String candidate, int start, String what) {
            if (!NAME.matcher(candidate).matches()) {
                throw error(start, "the " + what + " of a placeholder must be a logical name (letters, digits, '_'),"
                        + " found '" + candidate + "'");
            }
            return candidate.toLowerCase(Locale.ROOT);
        }

        private boolean isEscapable(int i) {
            return i < text.length() && "{};\\".indexOf(text.charAt(i)) >= 0;
        }

        private int firstUnescaped(String s, char wanted) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\\' && i + 1 < s.length() && "{};\\".indexOf(s.charAt(i + 1)) >= 0) {
                    i++;
                } else if (s.charAt(i) == wanted) {
                    return i;
                }
            }
            return -1;
        }

        private void checkXmlCharacter(int i) {
            char c = text.charAt(i);
            if (!XsltDocuments.isXmlCharacter(c)) {
                throw error(i, String.format("the character U+%04X cannot appear in a template", (int) c));
            }
        }

        private void flushLiteral() {
            if (!literal.isEmpty()) {
                segments.add(new Text(literal.toString()));
                literal.setLength(0);
            }
        }

        private TemplateSyntaxException error(int index, String problem) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < index && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new TemplateSyntaxException("Line " + line + ", column " + column + ": " + problem + ".");
        }
    }
}
