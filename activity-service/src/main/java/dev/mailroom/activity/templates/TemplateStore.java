package dev.mailroom.activity.templates;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.tables.TemplateTable;

/** Reads a template for rendering: one indexed read of the columns rendering needs. */
@ApplicationScoped
public class TemplateStore {

    private final RecordStore store;

    public TemplateStore(RecordStore store) {
        this.store = store;
    }

    /** The template, or Dataverse's 404 "template With Id = … Does Not Exist". */
    public StoredTemplate require(UUID id) {
        List<Map<String, Object>> rows = store.query(new Sql("SELECT subject, body, templatetypecode, versionnumber"
                + " FROM template WHERE templateid = ?", List.of(id)));
        if (rows.isEmpty()) {
            throw DataverseException.notFound(TemplateTable.NAME, id);
        }
        Map<String, Object> row = rows.get(0);
        return new StoredTemplate(id, ((Number) row.get("versionnumber")).longValue(), (String) row.get("subject"),
                (String) row.get("body"), (String) row.get("templatetypecode"));
    }
}
