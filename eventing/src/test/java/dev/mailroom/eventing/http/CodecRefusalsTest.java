package dev.mailroom.eventing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;

class CodecRefusalsTest {

    @Test
    void shouldAnswerTheCodecsLimitsWithTheEarlyRefusalsStatusesAndMessages() {
        EarlyRefusals.Refusal line = CodecRefusals.refusalFor(DecoderResult.failure(
                new TooLongHttpLineException("An HTTP line is larger than 40960 bytes.")));
        assertEquals(414, line.status());
        assertTrue(line.message().contains("32768"), line.message());
        EarlyRefusals.Refusal headers = CodecRefusals.refusalFor(DecoderResult.failure(
                new TooLongHttpHeaderException("HTTP header is larger than 65536 bytes.")));
        assertEquals(431, headers.status());
        assertTrue(headers.message().contains("32768"), headers.message());
    }

    @Test
    void shouldAnswerWhatIsNotHttpWith400AndNoneOfTheParsersWords() {
        EarlyRefusals.Refusal refusal = CodecRefusals.refusalFor(DecoderResult.failure(
                new IllegalArgumentException("Illegal character in request line: 0x16")));
        assertEquals(400, refusal.status());
        assertEquals(CodecRefusals.NOT_HTTP, refusal.message());
    }

    @Test
    void shouldKeepTheConfiguredTracerAndPassItEveryCall() {
        AtomicReference<Object> seen = new AtomicReference<>();
        VertxTracer<Object, Object> configured = new VertxTracer<>() {
            @Override
            public <R> Object receiveRequest(io.vertx.core.Context context, SpanKind kind, TracingPolicy policy,
                    R request, String operation, Iterable<Map.Entry<String, String>> headers,
                    TagExtractor<R> tagExtractor) {
                seen.set(request);
                return "span";
            }
        };
        VertxOptions options = new VertxOptions().setTracingOptions(new TracingOptions()
                .setFactory(tracing -> configured));
        CodecRefusals.installInto(options, (response, status, message) -> { });

        VertxTracer<?, ?> tracer = options.getTracingOptions().getFactory().tracer(options.getTracingOptions());
        assertInstanceOf(InvalidRequestSeam.class, tracer);
        @SuppressWarnings("unchecked")
        VertxTracer<Object, Object> seam = (VertxTracer<Object, Object>) tracer;
        assertEquals("span", seam.receiveRequest(null, SpanKind.RPC, TracingPolicy.PROPAGATE, "a request", "GET",
                List.of(), TagExtractor.empty()));
        assertSame("a request", seen.get());
    }

    @Test
    void shouldInstallItselfWhenNoTracerIsConfigured() {
        VertxOptions options = new VertxOptions();
        CodecRefusals.installInto(options, (response, status, message) -> { });
        VertxTracer<?, ?> tracer = options.getTracingOptions().getFactory().tracer(options.getTracingOptions());
        assertInstanceOf(InvalidRequestSeam.class, tracer);
    }
}
