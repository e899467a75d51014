package dev.mailroom.templating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Placeholder text rendered without the XSLT engine gives exactly what its stored XSLT form gives through the engine,
 * over generated templates and data: odd characters, CR line ends, CDATA ends, escapes, missing, empty and
 * whitespace values, display names, repeated records, and the output limits.
 */
class PlaceholderPartTest {

    private static final String[] TEXTS = {"Dear ", "<p>", "</p>\r\n", "a]]>b", " ", "&amp;", "é€😀", "{curly}",
        "\\{!literal}", "C:\\dir", "\r", "line\nnext", "\t", "x\\;y", "]]", ">"};
    private static final String[] ENTITIES = {"contact", "account", "systemuser"};
    private static final String[] ATTRIBUTES = {"firstname", "lastname", "parentcustomerid", "fullname"};
    private static final String[] DEFAULTS = {"", "Valued Customer", "you", "a\r\nb", "]]>", "\\;semi\\}", " "};
    private static final String[] VALUES = {null, "", " ", "Ann", "<b>&'\"", "ctrl\u0001char", "line\r\nbreak",
        "ü😀", "]]>", "\uFFFE"};

    @Test
    void shouldRenderExactlyWhatTheStoredStylesheetRenders() {
        Random random = new Random(20261128);
        for (int i = 0; i < 1_500; i++) {
            String subject = template(random);
            String body = template(random);
            RenderData data = data(random);
            RenderLimits limits = random.nextInt(4) == 0 ? new RenderLimits(1 + random.nextInt(40),
                    1 + random.nextInt(80)) : RenderLimits.DEFAULT;
            CompiledTemplate direct = CompiledTemplate.compileEitherForm(0, subject, body, limits);
            CompiledTemplate engine = CompiledTemplate.compile(0, TemplateForm.toXslt(subject),
                    TemplateForm.toXslt(body), limits);
            String context = "subject " + subject + ", body " + body + ", data " + data;
            RenderedTemplate expected;
            try {
                expected = engine.render(data);
            } catch (TemplateRenderException e) {
                TemplateRenderException refused = assertThrows(TemplateRenderException.class,
                        () -> direct.render(data), context);
                assertEquals(e.getMessage(), refused.getMessage(), context);
                continue;
            }
            assertEquals(expected, direct.render(data), context);
        }
    }

    @Test
    void shouldStillCompileStylesheetsWithTheEngine() {
        String xslt = TemplateForm.toXslt("Hi {!contact:firstname;there}");
        RenderedTemplate out = CompiledTemplate.compileEitherForm(0, xslt, null, RenderLimits.DEFAULT)
                .render(RenderData.of(DataRecord.of("contact").set("firstname", "Ann").build()));
        assertEquals(new RenderedTemplate("Hi Ann", ""), out);
        assertThrows(TemplateSyntaxException.class, () -> CompiledTemplate.compileEitherForm(0, "Hi {!contact}",
                null, RenderLimits.DEFAULT));
    }

    private static String template(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(7);
        for (int i = 0; i < pieces; i++) {
            if (random.nextBoolean()) {
                text.append(pick(random, TEXTS));
            } else {
                text.append("{!").append(pick(random, ENTITIES)).append(':').append(pick(random, ATTRIBUTES));
                if (random.nextInt(3) == 0) {
                    text.append("/@name");
                }
                if (random.nextBoolean()) {
                    text.append(';').append(pick(random, DEFAULTS));
                }
                text.append('}');
            }
        }
        return text.toString();
    }

    private static RenderData data(Random random) {
        List<DataRecord> records = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            DataRecord.Builder record = DataRecord.of(pick(random, ENTITIES));
            for (String attribute : ATTRIBUTES) {
                switch (random.nextInt(4)) {
                    case 0 -> record.set(attribute, pick(random, VALUES));
                    case 1 -> record.setFormatted(attribute, pick(random, VALUES), pick(random, VALUES));
                    case 2 -> record.setLookup(attribute, UUID.randomUUID(), pick(random, VALUES));
                    default -> {
                    }
                }
            }
            records.add(record.build());
        }
        return new RenderData(records);
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
