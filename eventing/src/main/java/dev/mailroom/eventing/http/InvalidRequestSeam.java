package dev.mailroom.eventing.http;

import java.util.Map;
import java.util.function.BiConsumer;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * The one place Vert.x shows a request the codec could not decode before it picks the handler that answers it: the
 * tracer's {@code receiveRequest}. {@code Http1xServerConnection.handleMessage} calls {@code handleBegin} (which
 * reports the request to the tracer) and only then reads its {@code invalidRequestHandler} field, which
 * {@code HttpServerConnectionHandler} filled with {@code HttpServer.invalidRequestHandler}, Vert.x's bare default
 * since Quarkus sets none (vertx-core 4.5.27, {@code Http1xServerConnection} lines 172-173 and 263-266). Setting the
 * connection's handler here, for a request whose decoding failed, makes that request answered by
 * {@link CodecRefusals}. For a request whose head was decoded, the connection's exception handler is set instead:
 * a failure of the codec in the body (a bad chunk size) arrives there, and {@link CodecRefusals#bodyFailed} answers
 * it before Vert.x closes the connection.
 * <p>
 * Everything else is passed to the tracer that was configured (OpenTelemetry's, or none), unchanged.
 * {@link HttpServerConnection} is Vert.x's internal interface: should a Vert.x upgrade move the moment the handler
 * is chosen, the refusals fall back to Vert.x's bare status, never to a 5xx, and the services' raw-socket tests of
 * the codec's refusals fail.
 */
final class InvalidRequestSeam implements VertxTracer<Object, Object> {

    private final VertxTracer<Object, Object> delegate;
    private final CodecRefusals refusals;

    @SuppressWarnings("unchecked")
    InvalidRequestSeam(VertxTracer<?, ?> delegate, CodecRefusals refusals) {
        this.delegate = (VertxTracer<Object, Object>) delegate;
        this.refusals = refusals;
    }

    @Override
    public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
            String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
        if (request instanceof HttpServerRequest http && http.connection() instanceof HttpServerConnection connection) {
            if (!http.decoderResult().isSuccess()) {
                connection.invalidRequestHandler(refusals);
            } else if (http.version() != HttpVersion.HTTP_2) {
                // A body the HTTP/1.x codec fails on later (a chunk size that is no number) reaches Vert.x as an
                // exception of the connection, which it closes right after its handlers ran: this request's answer
                // is written there, before the close.
                connection.exceptionHandler(failure -> refusals.bodyFailed(connection, http, failure));
            }
        }
        return delegate.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
    }

    @Override
    public <R> void sendResponse(Context context, R response, Object payload, Throwable failure,
            TagExtractor<R> tagExtractor) {
        delegate.sendResponse(context, response, payload, failure, tagExtractor);
    }

    @Override
    public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
            BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
        return delegate.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
    }

    @Override
    public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure,
            TagExtractor<R> tagExtractor) {
        delegate.receiveResponse(context, response, payload, failure, tagExtractor);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Builds the seam around the tracer the configured factory builds, or around no tracer. */
    static final class Factory implements VertxTracerFactory {

        private final VertxTracerFactory configured;
        private final CodecRefusals refusals;

        Factory(VertxTracerFactory configured, CodecRefusals refusals) {
            this.configured = configured;
            this.refusals = refusals;
        }

        @Override
        public VertxTracer<?, ?> tracer(TracingOptions options) {
            VertxTracer<?, ?> tracer = configured == null ? VertxTracer.NOOP : configured.tracer(options);
            return new InvalidRequestSeam(tracer == null ? VertxTracer.NOOP : tracer, refusals);
        }
    }
}
