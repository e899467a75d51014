package dev.mailroom.eventing.tracing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) as Mailroom carries it where no instrumentation does:
 * in outbox rows, in ledger rows, and in the CloudEvents distributed-tracing attributes of a Kafka record.
 */
public final class TraceContext {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** The CloudEvents distributed-tracing extension in Kafka binary mode. */
    public static final String CE_TRACEPARENT = "ce_traceparent";
    public static final String CE_TRACESTATE = "ce_tracestate";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** The span context of {@code context} as W3C fields: {@code traceparent} and, when set, {@code tracestate}. */
    public static Map<String, String> fields(Context context) {
        Map<String, String> fields = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, fields, Map::put);
        return fields;
    }

    /** The current span's {@code traceparent}, or null outside a sampled or valid span. */
    public static String currentTraceparent() {
        return fields(Context.current()).get(TRACEPARENT);
    }

    /** A context whose parent is the given remote span, or the root context when there is none. */
    public static Context parent(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> fields = new HashMap<>();
        fields.put(TRACEPARENT, traceparent);
        if (tracestate != null) {
            fields.put(TRACESTATE, tracestate);
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), fields, MAP);
    }

    /** The {@code traceparent} of a Kafka record: the W3C header, else the CloudEvents attribute. */
    public static String traceparent(Headers headers) {
        String value = header(headers, TRACEPARENT);
        return value != null ? value : header(headers, CE_TRACEPARENT);
    }

    /** The {@code tracestate} of a Kafka record, likewise. */
    public static String tracestate(Headers headers) {
        String value = header(headers, TRACESTATE);
        return value != null ? value : header(headers, CE_TRACESTATE);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
