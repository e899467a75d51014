package dev.mailroom.bulkmail.rendering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders the readable placeholder form, {@code {!contact:firstname;Valued Customer}}: the column's value of a
 * recipient of that table, else the default after the semicolon, else nothing. Values are HTML-escaped in the body;
 * in the subject, line breaks and other control characters become spaces so no value can add a header.
 */
@ApplicationScoped
public class PlaceholderTemplateRenderer implements TemplateRenderer {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{!([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_]+)(?:;([^}]*))?}");

    @Override
    public CompiledTemplate compile(String subject, String body) {
        List<Part> subjectParts = parse(subject == null ? "" : subject);
        List<Part> bodyParts = parse(body == null ? "" : body);
        return (table, values) -> new RenderedMessage(oneLine(render(subjectParts, table, values, false)),
                render(bodyParts, table, values, true));
    }

    private static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int at = 0;
        while (matcher.find()) {
            parts.add(new Part(text.substring(at, matcher.start()), null, null, null));
            parts.add(new Part(null, matcher.group(1), matcher.group(2), matcher.group(3)));
            at = matcher.end();
        }
        parts.add(new Part(text.substring(at), null, null, null));
        return parts;
    }

    private static String render(List<Part> parts, String table, Map<String, String> values, boolean html) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            String value = part.table().equals(table) ? values.get(part.column()) : null;
            if (value == null || value.isBlank()) {
                value = part.fallback() == null ? "" : part.fallback();
            }
            out.append(html ? escape(value) : value);
        }
        return out.toString();
    }

    private static String oneLine(String subject) {
        StringBuilder out = new StringBuilder(subject.length());
        subject.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A literal run of text, or a placeholder (table, column, fallback). */
    private record Part(String literal, String table, String column, String fallback) {
    }
}
