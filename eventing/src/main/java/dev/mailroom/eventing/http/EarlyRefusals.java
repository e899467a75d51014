package dev.mailroom.eventing.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What a service refuses before any resource runs, answered with the service's own error body instead of the HTTP
 * layer's empty one: a URL over {@link #MAX_URL} (414), a header block over {@link #MAX_HEADERS} (431), an HTTP
 * version Vert.x does not know (the codec accepts any {@code HTTP/x.y}), an HTTP/1.0 request without {@code Host},
 * a Host that is no host name and port, a URL that is not a valid URI or not valid percent-encoding, a request target
 * that is no path ({@code OPTIONS *}, {@code GET emails}) (400), and any status the router ends a request with before
 * a resource runs (no such path or method, 500).
 * <p>
 * The size limits here sit below the HTTP codec's own ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}, set higher in each service), so that an oversize request reaches this check and gets a
 * body; what is over even the codec's limits, or is not parseable HTTP, is refused by the codec and answered by
 * {@link CodecRefusals} with the same body (see docs/security.md). The URI check is the one
 * Vert.x makes unless {@code vertx.disableURIValidation} is set, which each service's main class sets.
 * <p>
 * Not a bean: each service installs it from its own router observer, with its error body.
 */
public final class EarlyRefusals {

    /** The longest request URL (Dataverse: 32 KB). */
    public static final int MAX_URL = 32_768;
    /** The largest header block, counted as name, value and four bytes of separators per header line. */
    public static final int MAX_HEADERS = 32_768;

    /** A host name, IPv4 or bracketed IPv6 address, and an optional port. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})?|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");

    /** The messages of the statuses the router ends a request with itself. */
    private static final Map<Integer, String> GENERIC = Map.of(
            400, "The request is malformed.",
            404, "The requested resource does not exist.",
            405, "The requested HTTP method is not allowed on this resource.",
            413, "The request body is larger than the limit.",
            414, "The request URL is longer than the limit of " + MAX_URL + " characters.",
            415, "The request body's Content-Type is not accepted here.",
            431, "The request headers are larger than the limit of " + MAX_HEADERS + " bytes.",
            500, "An unexpected error occurred.");

    static final String ASTERISK_TARGET = "The request target * names no resource; send OPTIONS to a resource's URL.";
    static final String NO_PATH_TARGET = "The request target must be a path that starts with a slash.";

    /** The generic message of a status the HTTP layer refuses with (the codec's refusals use them too). */
    static String message(int status) {
        return GENERIC.get(status);
    }

    /** Writes a service's error body and ends the response. */
    @FunctionalInterface
    public interface ErrorWriter {
        void write(HttpServerResponse response, int status, String message);
    }

    /** Why a request is refused. */
    public record Refusal(int status, String message) {
    }

    private final ErrorWriter writer;
    private final Map<Integer, String> messages = new HashMap<>(GENERIC);

    public EarlyRefusals(ErrorWriter writer) {
        this.writer = writer;
    }

    /** The message a status the router ends a request with gets in this service, instead of the generic one. */
    public EarlyRefusals withMessage(int status, String message) {
        messages.put(status, message);
        return this;
    }

    /** Installs the check as the route of {@code order} and the error handlers of every refusal status. */
    public void install(Router router, int order) {
        router.route().order(order).handler(this::check);
        router.route().order(order).failureHandler(this::refuseTargetWithoutPath);
        messages.forEach((status, message) -> router.errorHandler(status, context -> refuse(context, status,
                message)));
    }

    /**
     * A request target that is not a path ({@code OPTIONS *}, {@code GET emails}): Vert.x Web's routing context
     * fails it with a bare 404 before any route runs ({@code RoutingContextImpl.route}), and a plain status failure
     * goes to the failure handlers, where Quarkus's last one ends it with no body; the router's error handlers are
     * not asked. This failure handler runs first and answers 400 with the service's body. Every other failure goes
     * on as before.
     */
    private void refuseTargetWithoutPath(RoutingContext context) {
        String path = context.request().path();
        if (context.failure() == null && !context.response().ended() && (path == null || !path.startsWith("/"))) {
            refuse(context, 400, "*".equals(path) ? ASTERISK_TARGET : NO_PATH_TARGET);
        } else {
            context.next();
        }
    }

    private void check(RoutingContext context) {
        var request = context.request();
        Optional<Refusal> refusal = check(request.version(), request.uri(), request.headers());
        if (refusal.isPresent()) {
            refuse(context, refusal.get().status(), refusal.get().message());
        } else {
            context.next();
        }
    }

    /** Whether a request with this version, URI (as sent) and headers is refused, and why. */
    public Optional<Refusal> check(HttpVersion version, String uri, MultiMap headers) {
        String host = headers.get(HttpHeaders.HOST);
        if (version == null) {
            // The codec takes any "HTTP/x.y"; Vert.x knows only 1.0, 1.1 and 2. 400 rather than 505: no refusal is
            // a 5xx, which clients and monitors read as the server's fault.
            return refusal(400, "The request's HTTP version is not supported; use HTTP/1.1.");
        }
        if (version == HttpVersion.HTTP_1_0 && host == null) {
            return refusal(400, "An HTTP/1.0 request needs a Host header.");
        }
        if (uri.length() > MAX_URL) {
            return refusal(414, messages.get(414));
        }
        if (headerBytes(headers) > MAX_HEADERS) {
            return refusal(431, messages.get(431));
        }
        if (host != null && !HOST.matcher(host).matches()) {
            return refusal(400, "The Host header is not a host name and port.");
        }
        if (!isUri(uri)) {
            return refusal(400, "The request URL is not a valid URI or not correctly percent-encoded.");
        }
        return Optional.empty();
    }

    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private static boolean isUri(String uri) {
        try {
            new URI(uri);
            URLDecoder.decode(uri, StandardCharsets.UTF_8);
            return true;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Refusal> refusal(int status, String message) {
        return Optional.of(new Refusal(status, message));
    }

    private void refuse(RoutingContext context, int status, String message) {
        if (!context.response().ended()) {
            writer.write(context.response(), status, message);
        }
    }
}
