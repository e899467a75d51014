package dev.mailroom.endtoend.observability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A small OpenTelemetry collector for tests: an OTLP/HTTP endpoint ({@code POST /v1/traces}, protobuf, optionally
 * gzip) that decodes what the services export with the OpenTelemetry proto classes and keeps every span.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One exported span, with the service that sent it and its attributes as strings. */
    record ReceivedSpan(String service, String name, Span.SpanKind kind, String traceId, String spanId,
            String parentSpanId, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private int requests;

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    /** What a service's {@code quarkus.otel.exporter.otlp.traces.endpoint} is set to. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    synchronized int requests() {
        return requests;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith(
                    "/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            record(ExportTraceServiceRequest.parseFrom(body));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private synchronized void record(ExportTraceServiceRequest request) {
        requests++;
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = attributes(resourceSpans.getResource()).get("service.name");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    Map<String, String> attributes = new TreeMap<>();
                    for (KeyValue attribute : span.getAttributesList()) {
                        attributes.put(attribute.getKey(), text(attribute));
                    }
                    spans.add(new ReceivedSpan(service, span.getName(), span.getKind(),
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()), attributes));
                }
            }
        }
    }

    private static Map<String, String> attributes(Resource resource) {
        Map<String, String> attributes = new TreeMap<>();
        for (KeyValue attribute : resource.getAttributesList()) {
            attributes.put(attribute.getKey(), text(attribute));
        }
        return attributes;
    }

    private static String text(KeyValue attribute) {
        var value = attribute.getValue();
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            default -> value.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
