package dev.mailroom.bulkmail.rendering;

import java.util.Map;

/** A template compiled once per job, rendered for each recipient; safe to use from several threads. */
public interface CompiledTemplate {

    /**
     * @param table the recipient's table (contact, account, lead)
     * @param values the recipient's columns by Web API name
     */
    RenderedMessage render(String table, Map<String, String> values);
}
