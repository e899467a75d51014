package dev.mailroom.bulkmail.rendering;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.templating.DataRecord;
import dev.mailroom.templating.RenderData;
import dev.mailroom.templating.RenderLimits;
import dev.mailroom.templating.RenderedTemplate;

/**
 * Renders with the templating module, as activity-service's template actions do: Dataverse's XSLT form (how
 * templates are stored), compiled once per job into JDK XSLT templates that every page thread shares, or the
 * readable placeholder form, parsed once per job and rendered directly (the templating module's
 * {@code compileEitherForm}: the same text as through its XSLT form, without the engine's per-render document).
 * Values are HTML-escaped in the body, and the subject stays on one line.
 */
@ApplicationScoped
public class XsltTemplateRenderer implements TemplateRenderer {

    /**
     * Far below the templating module's defaults: a page holds hundreds of rendered emails at once, twice (created
     * and pending events), so a runaway template must stop at a size that cannot exhaust the heap. 800 is the email
     * subject's length; 100,000 characters is about where mail clients clip a message (Gmail at 102 KB).
     */
    static final RenderLimits BULK_LIMITS = new RenderLimits(800, 100_000);

    /**
     * The record of what Mailroom itself adds to a bulk email's {@code <data>} document, beside the recipient's:
     * {@code mailroom/unsubscribeurl}, the recipient's one-click unsubscribe link, for a footer such as
     * {@code <a href="{!mailroom:unsubscribeurl}">Unsubscribe</a>}.
     */
    static final String MAILROOM = "mailroom";
    static final String UNSUBSCRIBE_URL = "unsubscribeurl";

    @Override
    public CompiledTemplate compile(String subject, String body) {
        // A part in the placeholder form renders without the XSLT engine, to the same text its stored form would.
        dev.mailroom.templating.CompiledTemplate compiled = dev.mailroom.templating.CompiledTemplate
                .compileEitherForm(0, subject, body, BULK_LIMITS);
        return (table, values, unsubscribeUrl) -> {
            RenderData data = unsubscribeUrl == null ? RenderData.of(record(table, values))
                    : RenderData.of(record(table, values), DataRecord.of(MAILROOM).set(UNSUBSCRIBE_URL, unsubscribeUrl)
                            .build());
            RenderedTemplate rendered = compiled.render(data);
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
