package dev.mailroom.bulkmail.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.mailroom.events.EmailAttachment;
import dev.mailroom.events.EmailCreated;
import dev.mailroom.events.EmailPending;

/**
 * A recipient's two events written with their body and subject escaped once are the very bytes Jackson's ordinary
 * writeValueAsBytes gives for each, for generated bodies full of what JSON must escape, and read back as equal events.
 */
class SharedStringsJsonTest {

    /** Odd pieces a body, a subject or an address may hold; generated text is made of them and of plain letters. */
    private static final String[] PIECES = { "\"", "\\", "\\\"", "</script>", "<script>alert('x')</script>", "\r\n",
            "\r", "\n", "\t", "\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u00e9", "\u2028", "\u2029", "\ufeff",
            "\uffff", "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", "\ud835\udd04", "&amp;", "&#x1F600;", "/", "//",
            "]]>", "{\"a\":[1]}", " ", "\u00a0", "\u4e2d\u6587", "=?utf-8?q?x?=" };

    /** As Quarkus configures the application's mapper: ISO dates, unknown properties ignored, modules found. */
    private static final ObjectMapper QUARKUS_LIKE = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void shouldWriteBothEventsExactlyAsWriteValueAsBytesDoesAndReadBackEqual() throws Exception {
        assertWrittenAsJacksonDoes(QUARKUS_LIKE, new Random(20261128L), 3_000);
    }

    /** A mapper configured to escape differently: the kept text is that mapper's own. */
    @Test
    void shouldStillWriteExactlyWhatAMapperEscapingNonAsciiWrites() throws Exception {
        ObjectMapper escapingNonAscii = JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        assertWrittenAsJacksonDoes(escapingNonAscii, new Random(7L), 500);
    }

    /**
     * Bodies and subjects of printable ASCII only (markup, quotes, backslashes, slashes), which are quoted without the
     * mapper when it writes those characters as themselves: still the mapper's bytes, with the default mapper and with
     * mappers that escape some printable characters ('/', or '<' and '>'), for which the shortcut must not be taken.
     */
    @Test
    void shouldWritePrintableAsciiTextExactlyAsEachMapperDoes() throws Exception {
        ObjectMapper escapingSlashes = JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
        JsonFactory escapingMarkup = new JsonFactory();
        escapingMarkup.setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes = markupEscapes();

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public SerializableString getEscapeSequence(int ch) {
                return null;
            }
        });
        ObjectMapper markup = JsonMapper.builder(escapingMarkup).findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        for (ObjectMapper mapper : List.of(QUARKUS_LIKE, escapingSlashes, markup)) {
            SharedStringsJson json = new SharedStringsJson(mapper);
            Random random = new Random(5L);
            for (int i = 0; i < 2_000; i++) {
                String text = printable(random, random.nextInt(3) == 0 ? 0 : random.nextInt(1_500));
                assertArrayEquals(mapper.writeValueAsBytes(text), json.share(text).of(text), text);
            }
        }
        assertEquals(true, SharedStringsJson.printableAscii("<p>Dear Ada, it's 100% / 'ours' ~ {x}</p>"));
        for (String unprintable : List.of("\"", "\\", "\u007f", "\u001f", "\n", "\u00e9", "\ud83d\ude00")) {
            assertEquals(false, SharedStringsJson.printableAscii("plain " + unprintable), unprintable);
        }
    }

    private static int[] markupEscapes() {
        int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
        escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
        escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
        return escapes;
    }

    /** Printable ASCII text, the two JSON escapes ('"' and '\\') among it now and then. */
    private static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        boolean escapes = random.nextInt(4) == 0;
        while (text.length() < length) {
            char c = (char) (0x20 + random.nextInt(0x5f));
            if (escapes || (c != '"' && c != '\\')) {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static void assertWrittenAsJacksonDoes(ObjectMapper mapper, Random random, int recipients)
            throws Exception {
        SharedStringsJson json = new SharedStringsJson(mapper);
        UUID job = UUID.randomUUID();
        Instant now = Instant.now();
        List<EmailAttachment> files = List.of(new EmailAttachment("ab".repeat(32), odd(random, 20) + ".pdf",
                "application/pdf", 1234));
        for (int i = 0; i < recipients; i++) {
            String body = odd(random, random.nextInt(4) == 0 ? 3_000 : 200);
            String subject = random.nextInt(20) == 0 ? null : odd(random, 40);
            String address = odd(random, 10).toLowerCase(Locale.ROOT) + "@example.org";
            String from = odd(random, 12) + "@sender.example";
            UUID recipient = UUID.randomUUID();
            BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job, now, 1 + i / 500, i % 500, recipient);
            UUID emailId = ids.email();
            EmailCreated created = new EmailCreated(ids.created(), now, emailId, job,
                    subject, body, from, UUID.randomUUID(), "systemuser", address, recipient, "contact",
                    random.nextBoolean() ? null : UUID.randomUUID(), random.nextBoolean() ? null : "account");
            EmailPending pending = new EmailPending(ids.pending(), now, emailId,
                    from.toLowerCase(Locale.ROOT), from, List.of(address), List.of(), List.of(), subject, body, null,
                    random.nextBoolean() ? List.of() : files);

            SharedStringsJson.Shared shared = json.share(body, subject);
            byte[] createdJson = json.write(created, shared);
            byte[] pendingJson = json.write(pending, shared);

            assertArrayEquals(mapper.writeValueAsBytes(created), createdJson, "created event of recipient " + i);
            assertArrayEquals(mapper.writeValueAsBytes(pending), pendingJson, "pending event of recipient " + i);
            assertEquals(created, mapper.readValue(createdJson, EmailCreated.class));
            assertEquals(pending, mapper.readValue(pendingJson, EmailPending.class));
        }
    }

    /** Only the very instances given are shared; an equal string that is another instance is written on its own. */
    @Test
    void shouldShareOnlyTheInstancesItWasGiven() throws Exception {
        String body = "a \"quoted\" </script>\r\n\ud83d\ude00 body";
        SharedStringsJson.Shared shared = new SharedStringsJson(QUARKUS_LIKE).share(body, null);
        assertArrayEquals(QUARKUS_LIKE.writeValueAsBytes(body), shared.of(body));
        assertNull(shared.of(new String(body.toCharArray())));
        assertNull(shared.of("other"));
    }

    private static String odd(Random random, int length) {
        StringBuilder text = new StringBuilder(length + 32);
        while (text.length() < length) {
            if (random.nextInt(3) == 0) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            } else {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }
}
