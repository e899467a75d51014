package dev.mailroom.activity.templates;

import java.util.UUID;

import dev.mailroom.templating.TemplateVersion;

/** A template row as rendering needs it: XSLT subject and body, its type and the version that keys the cache. */
public record StoredTemplate(UUID id, long version, String subject, String body, String type) {

    public TemplateVersion toVersion() {
        return new TemplateVersion(id, version, subject, body);
    }
}
