package dev.mailroom.templating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private static final String SUBJECT = TemplateForm.toXslt("Hi {!contact:firstname;there}");
    private static final String BODY = TemplateForm.toXslt("<p>Dear {!contact:firstname;Customer}</p>");

    @Test
    void shouldCompileEachVersionOnceAndReplaceItWithTheNext() {
        TemplateRenderer renderer = new TemplateRenderer();
        UUID id = UUID.randomUUID();
        CompiledTemplate first = renderer.compiled(new TemplateVersion(id, 1, SUBJECT, BODY));
        assertSame(first, renderer.compiled(new TemplateVersion(id, 1, SUBJECT, BODY)));
        CompiledTemplate second = renderer.compiled(new TemplateVersion(id, 2, TemplateForm.toXslt("Bye"), BODY));
        assertNotSame(first, second);
        assertEquals(1, renderer.cachedTemplates());
        assertEquals("Bye", renderer.render(new TemplateVersion(id, 2, "ignored: cached", BODY), RenderData.of())
                .subject());
    }

    @Test
    void shouldKeepAtMostTheConfiguredNumberOfTemplates() {
        TemplateRenderer renderer = new TemplateRenderer(3, RenderLimits.DEFAULT);
        for (int i = 0; i < 10; i++) {
            renderer.compiled(new TemplateVersion(UUID.randomUUID(), 1, SUBJECT, BODY));
        }
        assertEquals(3, renderer.cachedTemplates());
    }

    @Test
    void shouldRenderConcurrentlyFromOneCompiledTemplate() throws Exception {
        TemplateRenderer renderer = new TemplateRenderer();
        TemplateVersion template = new TemplateVersion(UUID.randomUUID(), 7, SUBJECT, BODY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RenderedTemplate>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String name = "n" + i + "<";
                results.add(pool.submit(() -> renderer.render(template,
                        RenderData.of(DataRecord.of("contact").set("firstname", name).build()))));
            }
            for (int i = 0; i < results.size(); i++) {
                RenderedTemplate out = results.get(i).get();
                assertEquals("Hi n" + i + "<", out.subject());
                assertEquals("<p>Dear n" + i + "&lt;</p>", out.body());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
