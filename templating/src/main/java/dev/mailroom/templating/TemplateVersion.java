package dev.mailroom.templating;

import java.util.UUID;

/**
 * A template as stored: its id, the version number of the row (any number that changes when subject or body
 * change) and the XSLT of subject and body. The renderer compiles each (id, version) once.
 */
public record TemplateVersion(UUID templateId, long version, String subject, String body) {
}
