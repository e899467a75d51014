package dev.mailroom.bulkmail.rendering;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.templating.DataRecord;
import dev.mailroom.templating.RenderData;
import dev.mailroom.templating.RenderedTemplate;
import dev.mailroom.templating.TemplateForm;

/**
 * Renders with the templating module, as activity-service's template actions do: Dataverse's XSLT form (how
 * templates are stored) or the readable placeholder form, compiled once per job into JDK XSLT templates that every
 * page thread shares. Values are HTML-escaped in the body, and the subject stays on one line.
 */
@ApplicationScoped
public class XsltTemplateRenderer implements TemplateRenderer {

    @Override
    public CompiledTemplate compile(String subject, String body) {
        dev.mailroom.templating.CompiledTemplate compiled = dev.mailroom.templating.CompiledTemplate.compile(
                TemplateForm.toXslt(subject == null ? "" : subject), TemplateForm.toXslt(body == null ? "" : body));
        return (table, values) -> {
            RenderedTemplate rendered = compiled.render(RenderData.of(record(table, values)));
            return new RenderedMessage(rendered.subject(), rendered.body());
        };
    }

    private static DataRecord record(String table, Map<String, String> values) {
        DataRecord.Builder record = DataRecord.of(table);
        values.forEach((column, value) -> {
            if (value != null) {
                record.set(column, value);
            }
        });
        return record.build();
    }
}
