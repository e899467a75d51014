package dev.mailroom.eventing.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.tracing.TracingOptions;

/**
 * What the HTTP codec itself refuses, answered with the service's error body instead of Vert.x's bare status: a
 * request line over {@code quarkus.http.limits.max-initial-line-length} (414), a header block over
 * {@code max-header-size} (431), and whatever is not HTTP/1.x (400): garbage bytes, an HTTP/0.9 request line, an
 * unknown version, a header without a colon or with a space in its name, a NUL or bare LF, two Content-Lengths,
 * Content-Length with chunked. The connection is closed after the answer, as Vert.x does.
 * <p>
 * Vert.x answers such a request through {@code HttpServer.invalidRequestHandler}, which Quarkus never sets and offers
 * no way to reach (docs/security.md, "The HTTP codec's own refusals"). The handler is installed per connection
 * instead, through Vert.x's tracer SPI, from a Quarkus {@code VertxOptionsCustomizer}: see {@link
 * InvalidRequestSeam}. Requests the codec accepted never touch this class.
 * <p>
 * Not a bean: each service calls {@link #installInto} from its own customizer, with its error body.
 */
public final class CodecRefusals implements Handler<HttpServerRequest> {

    static final String NOT_HTTP = "The request is not well-formed HTTP/1.1: its request line, a header or its "
            + "framing is malformed.";

    private final EarlyRefusals.ErrorWriter writer;

    private CodecRefusals(EarlyRefusals.ErrorWriter writer) {
        this.writer = writer;
    }

    /**
     * Makes every HTTP server of the Vert.x instance built from {@code options} answer what its codec refuses with
     * {@code writer}'s body. Keeps the tracer already configured (OpenTelemetry's): it is called as before.
     */
    public static void installInto(VertxOptions options, EarlyRefusals.ErrorWriter writer) {
        TracingOptions tracing = options.getTracingOptions() == null ? new TracingOptions()
                : options.getTracingOptions();
        tracing.setFactory(new InvalidRequestSeam.Factory(tracing.getFactory(), new CodecRefusals(writer)));
        options.setTracingOptions(tracing);
    }

    /** The status and message a request the codec could not decode gets. */
    static EarlyRefusals.Refusal refusalFor(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            return new EarlyRefusals.Refusal(414, EarlyRefusals.message(414));
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new EarlyRefusals.Refusal(431, EarlyRefusals.message(431));
        }
        return new EarlyRefusals.Refusal(400, NOT_HTTP);
    }

    @Override
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        EarlyRefusals.Refusal refusal = refusalFor(request.decoderResult());
        try {
            // Vert.x closes the connection once this response is written: the codec has given up on its input.
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            writer.write(response, refusal.status(), refusal.message());
        } catch (RuntimeException e) {
            if (!response.headWritten()) {
                HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
            }
        }
    }
}
