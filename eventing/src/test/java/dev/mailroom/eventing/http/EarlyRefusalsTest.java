package dev.mailroom.eventing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;

class EarlyRefusalsTest {

    private final EarlyRefusals refusals = new EarlyRefusals((response, status, message) -> { });

    @Test
    void shouldLetAnOrdinaryRequestThrough() {
        assertTrue(check(HttpVersion.HTTP_1_1, "/api/data/v9.2/emails?$filter=subject%20eq%20'x'",
                headers("Host", "mailroom.example.com:8081")).isEmpty());
        assertTrue(check(HttpVersion.HTTP_1_1, "/blobs/" + "0".repeat(64), headers("Host", "[::1]:8082")).isEmpty());
        assertTrue(check(HttpVersion.HTTP_1_1, "/x", headers()).isEmpty(), "HTTP/1.1 without Host is the codec's");
    }

    @Test
    void shouldRefuseAUrlOverTheLimitWith414() {
        String path = "/" + "a".repeat(EarlyRefusals.MAX_URL - 1);
        assertTrue(check(HttpVersion.HTTP_1_1, path, headers("Host", "x")).isEmpty(), "at the limit");
        assertEquals(414, status(check(HttpVersion.HTTP_1_1, path + "a", headers("Host", "x"))));
    }

    @Test
    void shouldRefuseHeadersOverTheLimitWith431() {
        MultiMap big = headers("Host", "x", "X-Padding", "p".repeat(EarlyRefusals.MAX_HEADERS));
        assertEquals(431, status(check(HttpVersion.HTTP_1_1, "/x", big)));
        MultiMap many = headers("Host", "x");
        for (int i = 0; i < 3_000; i++) {
            many.add("X-Many-" + i, "v");
        }
        assertEquals(431, status(check(HttpVersion.HTTP_1_1, "/x", many)));
    }

    @Test
    void shouldRefuseMalformedUrlsAndHostsWith400() {
        for (String uri : new String[] {"/emails(%zz)", "/emails%Z", "/x?$filter=%E0%A4%A", "/x?a=|\"b\"",
            "/x y"}) {
            assertEquals(400, status(check(HttpVersion.HTTP_1_1, uri, headers("Host", "x"))), uri);
        }
        for (String host : new String[] {"x%0d%0aX-Injected: 1", "a b", "evil.com/path", "x:99999999", ""}) {
            assertEquals(400, status(check(HttpVersion.HTTP_1_1, "/x", headers("Host", host))), host);
        }
        assertEquals(400, status(check(HttpVersion.HTTP_1_0, "/x", headers())));
        assertEquals(400, status(check(null, "/x", headers("Host", "x"))), "an HTTP version Vert.x does not know");
    }

    @Test
    void shouldNameTheLimitsInItsMessagesAndTakeAServicesOwn() {
        assertTrue(check(HttpVersion.HTTP_1_1, "/" + "a".repeat(40_000), headers("Host", "x")).orElseThrow()
                .message().contains("32768"));
        EarlyRefusals own = new EarlyRefusals((response, status, message) -> { }).withMessage(414, "Too long.");
        assertEquals("Too long.", own.check(HttpVersion.HTTP_1_1, "/" + "a".repeat(40_000), headers("Host", "x"))
                .orElseThrow().message());
    }

    private Optional<EarlyRefusals.Refusal> check(HttpVersion version, String uri, MultiMap headers) {
        return refusals.check(version, uri, headers);
    }

    private static int status(Optional<EarlyRefusals.Refusal> refusal) {
        return refusal.orElseThrow().status();
    }

    private static MultiMap headers(String... namesAndValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
