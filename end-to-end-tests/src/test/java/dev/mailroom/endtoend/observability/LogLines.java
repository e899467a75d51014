package dev.mailroom.endtoend.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a service's prod-profile log: one JSON object per line, MDC fields under {@code mdc}. */
final class LogLines {

    /** A line naming an email in its {@code emailId} MDC field, with the trace id it names. */
    record Line(JsonNode json, String traceId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {
    }

    /** Every JSON line whose MDC names the email (the JVM itself may print a plain line before logging starts). */
    static List<Line> about(List<String> lines, UUID emailId) throws Exception {
        List<Line> about = new ArrayList<>();
        for (String text : lines) {
            if (!text.startsWith("{")) {
                continue;
            }
            JsonNode line = JSON.readTree(text);
            JsonNode mdc = line.path("mdc");
            if (emailId.toString().equals(mdc.path("emailId").asText(null))) {
                about.add(new Line(line, mdc.path("traceId").asText(null)));
            }
        }
        return about;
    }
}
