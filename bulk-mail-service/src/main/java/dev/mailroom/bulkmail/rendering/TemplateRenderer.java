package dev.mailroom.bulkmail.rendering;

/**
 * Turns a template's stored subject and body into something that renders per recipient. The seam between bulk
 * fan-out and the template language: the templating module's Dataverse XSLT renderer takes its place here.
 */
public interface TemplateRenderer {

    CompiledTemplate compile(String subject, String body);
}
