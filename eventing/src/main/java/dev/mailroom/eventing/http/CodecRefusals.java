package dev.mailroom.eventing.http;

import java.io.IOException;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.tracing.TracingOptions;

/**
 * What the HTTP codec itself refuses, answered with the service's error body instead of Vert.x's bare status: a
 * request line over {@code quarkus.http.limits.max-initial-line-length} (414), a header block over
 * {@code max-header-size} (431), and whatever is not HTTP/1.x (400): garbage bytes, an HTTP/0.9 request line, an
 * unknown version, a header without a colon or with a space in its name, a NUL or bare LF, two Content-Lengths,
 * Content-Length with chunked; and a body it cannot decode after the request's head was handed to its route (a chunk
 * size that is no number: {@link #bodyFailed}). The connection is closed after the answer, as Vert.x does.
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
    static final String BAD_BODY_FRAMING = "The request body is not well-formed HTTP/1.1: its chunked framing is "
            + "malformed.";

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

    /**
     * A failure of {@code request}'s connection while the request's body was being read. When the codec could not
     * decode the body (a chunk size that is no number, a chunk line over the limit), Vert.x fails the connection
     * and closes it as soon as its exception handlers return, inside the read that found the failure
     * ({@code Http1xServerConnection.onContent}, {@code handleError}; {@code VertxHandler.exceptionCaught}). So the
     * answer, 400 with the service's body and {@code Connection: close}, is written here and flushed at once: a
     * write left for the end of the read would be dropped by the close. Nothing is written when the answer has
     * begun, the body had been read, or the failure is the network's (an {@link IOException}, e.g. a reset).
     */
    void bodyFailed(HttpServerConnection connection, HttpServerRequest request, Throwable failure) {
        HttpServerResponse response = request.response();
        if (failure instanceof IOException || request.isEnded() || response.headWritten() || response.ended()
                || response.closed()) {
            return;
        }
        try {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            writer.write(response, 400, BAD_BODY_FRAMING);
            connection.channelHandlerContext().flush();
        } catch (RuntimeException e) {
            // The connection is closed right after this, answered or not; never more than that.
        }
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
