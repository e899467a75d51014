package dev.mailroom.bulkmail.rendering;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.templating.DataRecord;
import dev.mailroom.templating.RenderData;
import dev.mailroom.templating.RenderLimits;
import dev.mailroom.templating.RenderedTemplate;
import dev.mailroom.templating.TemplateForm;

/**
 * Renders with the templating module, as activity-service's template actions do: Dataverse's XSLT form (how
 * templates are stored) or the readable placeholder form, compiled once per job into JDK XSLT templates that every
 * page thread shares. Values are HTML-escaped in the body, and the subject stays on one line.
 */
@ApplicationScoped
public class XsltTemplateRenderer implements TemplateRenderer {

    /**
     * Far below the templating module's defaults: a page holds hundreds of rendered emails at once, twice (created
     * and pending events), so a runaway template must stop at a size that cannot exhaust the heap. 800 is the email
     * subject's length; 100,000 characters is about where mail clients clip a message (Gmail at 102 KB).
     */
    static final RenderLimits BULK_LIMITS = new RenderLimits(800, 100_000);

    @Override
    public CompiledTemplate compile(String subject, String body) {
        dev.mailroom.templating.CompiledTemplate compiled = dev.mailroom.templating.CompiledTemplate.compile(
                0, TemplateForm.toXslt(subject == null ? "" : subject), TemplateForm.toXslt(body == null ? "" : body),
                BULK_LIMITS);
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
