package dev.mailroom.activity.odata.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.deserializer.batch.BatchDeserializerException;
import org.apache.olingo.server.api.deserializer.batch.BatchOptions;
import org.apache.olingo.server.api.deserializer.batch.BatchRequestPart;

import dev.mailroom.activity.error.DataverseError;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a $batch: Olingo's batch parser splits the multipart body; each request goes through the same dispatcher as
 * a single call. A change set runs in one transaction and rolls back whole at its first failure; {@code $n}
 * references name what its request with Content-ID {@code n} created. Without {@code odata.continue-on-error} the
 * batch stops at the first failure. The response is written here: our results are already status, headers, bytes.
 */
@ApplicationScoped
public class BatchExecutor {

    /** Dataverse's limit of requests in one batch. */
    public static final int MAX_REQUESTS = 1000;

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

    private final ODataDispatcher dispatcher;

    public BatchExecutor(ODataDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The multipart body and its boundary, or the error that refused the whole batch. */
    public record BatchResponse(String boundary, byte[] body, ODataResult error) {
    }

    public BatchResponse execute(InputStream body, String contentType, Map<String, String> headers,
            String serviceRoot) {
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")
                || !boundary.find()) {
            return refused(DataverseError.UNSUPPORTED_MEDIA_TYPE, "A $batch body is multipart/mixed with a "
                    + "boundary.");
        }
        List<BatchRequestPart> parts;
        try {
            parts = OData.newInstance().createFixedFormatDeserializer().parseBatchRequest(body, boundary.group(1),
                    BatchOptions.with().rawBaseUri(serviceRoot.replaceAll("/$", ""))
                            .rawServiceResolutionUri("").isStrict(false).build());
        } catch (BatchDeserializerException e) {
            return refused(DataverseError.QUERY_SYNTAX, "The $batch body could not be read: "
                    + e.getTranslatedMessage(Locale.ENGLISH).getMessage());
        }
        int requests = parts.stream().mapToInt(part -> part.getRequests().size()).sum();
        if (requests > MAX_REQUESTS) {
            return refused(DataverseError.QUERY_SYNTAX, "The number of requests in a batch (" + requests
                    + ") exceeds the limit of " + MAX_REQUESTS + ".");
        }
        boolean continueOnError = headers.getOrDefault("prefer", "").contains("odata.continue-on-error");
        MultipartWriter writer = new MultipartWriter("batchresponse_" + UUID.randomUUID());
        for (BatchRequestPart part : parts) {
            boolean failed = part.isChangeSet() ? changeSet(part, headers, serviceRoot, writer)
                    : single(part.getRequests().get(0), headers, serviceRoot, writer);
            if (failed && !continueOnError) {
                break;
            }
        }
        return new BatchResponse(writer.boundary(), writer.finish(), null);
    }

    private boolean single(ODataRequest request, Map<String, String> batchHeaders, String serviceRoot,
            MultipartWriter writer) {
        ODataResult result = dispatcher.handle(call(request, batchHeaders, serviceRoot, Map.of()));
        writer.part(null, result);
        return result.status() >= 400;
    }

    /** All or nothing: the first failure rolls the transaction back and is the change set's only answer. */
    private boolean changeSet(BatchRequestPart part, Map<String, String> batchHeaders, String serviceRoot,
            MultipartWriter writer) {
        List<String> contentIds = new ArrayList<>();
        List<ODataResult> results;
        try {
            results = QuarkusTransaction.requiringNew().call(() -> runChangeSet(part, batchHeaders, serviceRoot,
                    contentIds));
        } catch (ChangeSetFailed e) {
            writer.part(null, e.result);
            return true;
        }
        MultipartWriter changes = new MultipartWriter("changesetresponse_" + UUID.randomUUID());
        for (int i = 0; i < results.size(); i++) {
            changes.part(contentIds.get(i), results.get(i));
        }
        writer.nested(changes);
        return false;
    }

    /** Throwing rolls the change set's transaction back; the failure travels out in the exception. */
    private List<ODataResult> runChangeSet(BatchRequestPart part, Map<String, String> batchHeaders,
            String serviceRoot, List<String> contentIds) {
        Map<String, String> created = new HashMap<>();
        List<ODataResult> done = new ArrayList<>();
        for (ODataRequest request : part.getRequests()) {
            if (request.getMethod() == org.apache.olingo.commons.api.http.HttpMethod.GET) {
                throw new ChangeSetFailed(dispatcher.error(DataverseError.QUERY_SYNTAX, "A change set cannot "
                        + "contain a GET request."));
            }
            ODataResult result = dispatcher.handle(call(request, batchHeaders, serviceRoot, created));
            if (result.status() >= 400) {
                throw new ChangeSetFailed(result);
            }
            String contentId = request.getHeader("Content-ID");
            contentIds.add(contentId);
            String entityId = result.headers().get("OData-EntityId");
            if (contentId != null && entityId != null) {
                created.put(contentId, entityId.substring(serviceRoot.length()));
            }
            done.add(result);
        }
        return done;
    }

    /** A change set's first failure, which is its only answer. */
    private static final class ChangeSetFailed extends RuntimeException {
        private final transient ODataResult result;

        ChangeSetFailed(ODataResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private static ODataCall call(ODataRequest request, Map<String, String> batchHeaders, String serviceRoot,
            Map<String, String> created) {
        Map<String, String> headers = new HashMap<>(batchHeaders);
        headers.remove("content-type");
        request.getAllHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        String path = request.getRawODataPath() == null ? "" : request.getRawODataPath();
        path = path.startsWith("/") ? path.substring(1) : path;
        String body = read(request.getBody());
        for (Map.Entry<String, String> reference : created.entrySet()) {
            String name = "$" + reference.getKey();
            if (path.equals(name) || path.startsWith(name + "/")) {
                path = reference.getValue() + path.substring(name.length());
            }
            body = body.replace("\"" + name + "\"", "\"/" + reference.getValue() + "\"");
        }
        String query = request.getRawQueryPath();
        return new ODataCall(request.getMethod().name(), path, query == null || query.isEmpty() ? null : query,
                headers, body, serviceRoot);
    }

    private static String read(InputStream body) {
        if (body == null) {
            return "";
        }
        try (InputStream in = body) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private BatchResponse refused(DataverseError error, String message) {
        return new BatchResponse(null, null, dispatcher.error(error, message));
    }

    /** Writes multipart/mixed response parts, each an application/http message. */
    private static final class MultipartWriter {
        private final String boundary;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        MultipartWriter(String boundary) {
            this.boundary = boundary;
        }

        String boundary() {
            return boundary;
        }

        void part(String contentId, ODataResult result) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
            if (contentId != null) {
                head.append("Content-ID: ").append(contentId).append("\r\n");
            }
            head.append("\r\nHTTP/1.1 ").append(result.status()).append(' ').append(reason(result.status()))
                    .append("\r\nOData-Version: 4.0\r\n");
            result.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(result.stream() == null ? result.body() : result.stream().readAll());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }

        void nested(MultipartWriter changeSet) {
            String head = "--" + boundary + "\r\nContent-Type: multipart/mixed; boundary=" + changeSet.boundary()
                    + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(changeSet.finish());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }

        byte[] finish() {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 201 -> "Created";
                case 204 -> "No Content";
                case 304 -> "Not Modified";
                case 400 -> "Bad Request";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 412 -> "Precondition Failed";
                case 415 -> "Unsupported Media Type";
                case 501 -> "Not Implemented";
                default -> "Status";
            };
        }
    }
}
