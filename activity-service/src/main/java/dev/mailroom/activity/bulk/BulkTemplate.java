package dev.mailroom.activity.bulk;

import java.util.UUID;

import dev.mailroom.activity.tables.TemplateTable;

/**
 * A template as a bulk job needs it: its subject and body as stored (Dataverse XSLT) and the table it is for
 * ({@code templatetypecode}: contact, account, lead, or systemuser for a global template usable with any table).
 */
public record BulkTemplate(UUID templateId, String title, String subject, String body, String templateTypeCode) {

    public boolean isGlobal() {
        return templateTypeCode == null || templateTypeCode.isBlank()
                || TemplateTable.GLOBAL_TYPE.equals(templateTypeCode);
    }
}
