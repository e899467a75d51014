package dev.mailroom.bulkmail.rendering;

import java.util.Map;

/** A template compiled once per job, rendered for each recipient; safe to use from several threads. */
public interface CompiledTemplate {

    /**
     * @param table the recipient's table (contact, account, lead)
     * @param values the recipient's columns by Web API name
     * @param unsubscribeUrl the recipient's one-click unsubscribe link, {@code {!mailroom:unsubscribeurl}} in the
     *        template; null when none is configured (the placeholder's default then stands)
     */
    RenderedMessage render(String table, Map<String, String> values, String unsubscribeUrl);

    /** A recipient without an unsubscribe link. */
    default RenderedMessage render(String table, Map<String, String> values) {
        return render(table, values, null);
    }
}
