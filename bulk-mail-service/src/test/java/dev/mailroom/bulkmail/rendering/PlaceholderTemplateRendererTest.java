package dev.mailroom.bulkmail.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The placeholder form: values, defaults, other tables, escaping in the body, one line in the subject. */
class PlaceholderTemplateRendererTest {

    private final TemplateRenderer renderer = new PlaceholderTemplateRenderer();

    @Test
    void shouldInsertValuesAndFallBackToDefaults() {
        CompiledTemplate template = renderer.compile("News for {!contact:firstname;you}",
                "<p>Dear {!contact:firstname;Valued Customer} {!contact:lastname}, from {!account:name;us}</p>");
        RenderedMessage ada = template.render("contact", Map.of("firstname", "Ada", "lastname", "Lovelace"));
        assertEquals("News for Ada", ada.subject());
        assertEquals("<p>Dear Ada Lovelace, from us</p>", ada.htmlBody());

        RenderedMessage nobody = template.render("contact", Map.of("firstname", " "));
        assertEquals("News for you", nobody.subject());
        assertEquals("<p>Dear Valued Customer , from us</p>", nobody.htmlBody());
    }

    @Test
    void shouldEscapeValuesInTheBodyAndKeepTheSubjectOnOneLine() {
        CompiledTemplate template = renderer.compile("Hi {!lead:firstname}", "<b>{!lead:firstname}</b>");
        RenderedMessage message = template.render("lead",
                Map.of("firstname", "<script>x</script> & \"Bob\"\r\nBcc: victim@example.org"));
        assertEquals("<b>&lt;script&gt;x&lt;/script&gt; &amp; &quot;Bob&quot;  Bcc: victim@example.org</b>"
                .replace("  Bcc", "\r\nBcc"), message.htmlBody());
        assertEquals("Hi <script>x</script> & \"Bob\"  Bcc: victim@example.org", message.subject());
    }

    @Test
    void shouldLeaveTextWithoutPlaceholdersAlone() {
        RenderedMessage message = renderer.compile(null, "Price: {not a placeholder} {!}").render("contact", Map.of());
        assertEquals("", message.subject());
        assertEquals("Price: {not a placeholder} {!}", message.htmlBody());
    }
}
