package dev.mailroom.activity.tables;

import java.util.Locale;
import java.util.Map;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.TableRules;
import dev.mailroom.templating.CompiledTemplate;
import dev.mailroom.templating.TemplateException;
import dev.mailroom.templating.TemplateForm;

/**
 * What a template checks: its type names a table templates are written for, and its subject and body compile.
 * Subject and body may be written in Dataverse's XSLT or in the placeholder form; the placeholder form is compiled
 * to XSLT before it is stored, and what was written is kept in {@code subjectpresentationxml}/{@code presentationxml}
 * unless the client sets those itself.
 */
final class TemplateRules implements TableRules {

    @Override
    public void checkCreate(Map<String, Object> values) {
        checkType(values);
        if (values.get("subject") instanceof String subject && subject.isBlank()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A template's subject cannot be empty.");
        }
        storeAsXslt(values, values);
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        if (changes.containsKey("templatetypecode")) {
            checkType(changes);
        }
        if (changes.containsKey("subject") && (!(changes.get("subject") instanceof String subject)
                || subject.isBlank())) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A template's subject cannot be empty.");
        }
        if (changes.containsKey("subject") || changes.containsKey("body")) {
            Map<String, Object> both = new java.util.HashMap<>(current);
            both.putAll(changes);
            storeAsXslt(both, changes);
        }
    }

    private static void checkType(Map<String, Object> values) {
        Object type = values.get("templatetypecode");
        String name = type == null ? "" : type.toString().strip().toLowerCase(Locale.ROOT);
        if (!TemplateTable.TYPES.contains(name)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("templatetypecode must name the table the template is"
                    + " for: one of account, contact, lead, queue, systemuser (global); found '" + type + "'.");
        }
        values.put("templatetypecode", name);
    }

    /** Compiles subject and body of {@code row} and writes the stored XSLT of the changed ones into {@code out}. */
    private static void storeAsXslt(Map<String, Object> row, Map<String, Object> out) {
        String subject = stored(row, out, "subject", "subjectpresentationxml");
        String body = stored(row, out, "body", "presentationxml");
        try {
            CompiledTemplate.compile(subject, body);
        } catch (TemplateException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(e.getMessage());
        }
    }

    private static String stored(Map<String, Object> row, Map<String, Object> out, String column,
            String presentationColumn) {
        Object value = row.get(column);
        if (!(value instanceof String text) || !out.containsKey(column)) {
            return value instanceof String text ? text : null;
        }
        if (TemplateForm.of(text) == TemplateForm.XSLT) {
            return text;
        }
        try {
            String xslt = TemplateForm.toXslt(text);
            out.put(column, xslt);
            if (!out.containsKey(presentationColumn) || out.get(presentationColumn) == null) {
                out.put(presentationColumn, presentation(text));
            }
            return xslt;
        } catch (TemplateException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The template's " + column + " is not valid: "
                    + e.getMessage());
        }
    }

    /** Dataverse's plain-text presentation shape, holding the placeholder text as it was written. */
    private static String presentation(String placeholderText) {
        return "<template><text><![CDATA[" + placeholderText.replace("]]>", "]]]]><![CDATA[>")
                + "]]></text></template>";
    }
}
