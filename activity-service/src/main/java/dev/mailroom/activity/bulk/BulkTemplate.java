package dev.mailroom.activity.bulk;

import java.util.UUID;

/**
 * A template as a bulk job needs it: its subject and body as stored (Dataverse XSLT or the placeholder form) and
 * the table it is for ({@code templatetypecode}: contact, account, lead; null for a global template).
 */
public record BulkTemplate(UUID templateId, String title, String subject, String body, String templateTypeCode) {
}
