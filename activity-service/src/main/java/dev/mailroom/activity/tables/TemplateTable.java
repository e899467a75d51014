package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.bool;
import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.memo;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;
import java.util.Set;

import dev.mailroom.activity.odata.model.TableDef;

/** The {@code template} table (set {@code templates}): email templates, subject and body stored as XSLT. */
public final class TemplateTable {

    public static final String NAME = "template";
    /**
     * Tables a template can be written for ({@code templatetypecode}); a {@code systemuser} template is a global
     * one, usable with a record of any of them.
     */
    public static final Set<String> TYPES = Set.of("contact", "account", "lead", "systemuser", "queue");
    public static final String GLOBAL_TYPE = "systemuser";
    /**
     * Longer than Dataverse's 5,000: the compiled XSLT of a placeholder subject is longer than what was written,
     * and a client must be able to write back what it read.
     */
    static final int MAX_SUBJECT = 20_000;
    static final int MAX_BODY = 1_000_000;

    private TemplateTable() {
    }

    public static TableDef definition() {
        return TableDef.table(NAME, "templates", "templateid")
                .primaryName("title")
                .columns(
                        string("title", 200).asRequired(),
                        memo("subject", MAX_SUBJECT).asRequired(),
                        memo("body", MAX_BODY),
                        memo("presentationxml", MAX_BODY),
                        memo("subjectpresentationxml", MAX_SUBJECT),
                        memo("safehtml", MAX_BODY),
                        memo("subjectsafehtml", MAX_SUBJECT),
                        string("templatetypecode", 64).asRequired(),
                        bool("ispersonal").withDefault(true),
                        integer("languagecode", 0, Integer.MAX_VALUE).withDefault(1033),
                        string("mimetype", 256),
                        memo("description", 2000),
                        integer("usedcount", 0, Integer.MAX_VALUE).withDefault(0).readOnly(),
                        integer("opencount", 0, Integer.MAX_VALUE).withDefault(0).readOnly(),
                        integer("openrate", 0, Integer.MAX_VALUE).withDefault(0).readOnly(),
                        integer("replycount", 0, Integer.MAX_VALUE).withDefault(0).readOnly(),
                        integer("replyrate", 0, Integer.MAX_VALUE).withDefault(0).readOnly(),
                        bool("ismanaged").withDefault(false).readOnly(),
                        choice("componentstate", Map.of(0, "Published", 1, "Unpublished", 2, "Deleted",
                                3, "Deleted Unpublished")).withDefault(0).readOnly())
                .rules(new TemplateRules())
                .build();
    }
}
