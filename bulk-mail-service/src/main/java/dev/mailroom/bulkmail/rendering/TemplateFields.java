package dev.mailroom.bulkmail.rendering;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import dev.mailroom.templating.PlaceholderTemplate;
import dev.mailroom.templating.TemplateException;
import dev.mailroom.templating.TemplateForm;

/**
 * Which of a recipient's columns a job's template can insert, so that a page of recipients carries only those: every
 * column the query API returns would otherwise be written into the page event, sent through Kafka, parsed again
 * and put into each recipient's data, to be ignored. A part in the placeholder form inserts exactly the attributes
 * its placeholders name for the recipient's table (a placeholder of another table finds nothing in a recipient's
 * record, with or without the column); a stylesheet can select any column, so a template with one keeps them all.
 */
public final class TemplateFields {

    private TemplateFields() {
    }

    /** The columns of a {@code table} recipient the template with this subject and body can insert. */
    public static Predicate<String> used(String table, String subject, String body) {
        if (TemplateForm.of(subject) == TemplateForm.XSLT || TemplateForm.of(body) == TemplateForm.XSLT) {
            return column -> true;
        }
        Set<String> used = new HashSet<>();
        try {
            collect(table, subject, used);
            collect(table, body, used);
        } catch (TemplateException e) {
            // Malformed: the fan-out fails the job with the parser's message; the pages keep every column meanwhile.
            return column -> true;
        }
        return used::contains;
    }

    private static void collect(String table, String text, Set<String> used) {
        for (PlaceholderTemplate.Segment segment : PlaceholderTemplate.parse(text).segments()) {
            if (segment instanceof PlaceholderTemplate.Placeholder placeholder && placeholder.entity().equals(table)) {
                used.add(placeholder.attribute());
            }
        }
    }
}
