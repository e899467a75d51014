package dev.mailroom.activity.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.mailroom.templating.TemplateRenderer;

/** One template renderer per service: it keeps each template version compiled for every later render. */
public class TemplatingBeans {

    @Produces
    @Singleton
    TemplateRenderer templateRenderer() {
        return new TemplateRenderer();
    }
}
