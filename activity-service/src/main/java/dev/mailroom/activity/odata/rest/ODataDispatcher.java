package dev.mailroom.activity.odata.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.error.ErrorResponse;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.json.OperationParameters;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.uri.ODataUriParser;
import dev.mailroom.activity.odata.uri.ResourceRequest;
import dev.mailroom.activity.operations.OperationHandler;
import dev.mailroom.activity.security.AccessGuard;
import dev.mailroom.activity.security.Privileges;

/**
 * Routes one Web API call (HTTP or a $batch part) by what its URL addresses and its method, and turns every refusal
 * into Dataverse's error body. Record reads and writes are {@link RecordEndpoints}'.
 */
@ApplicationScoped
public class ODataDispatcher {

    private static final Logger LOG = Logger.getLogger(ODataDispatcher.class);
    private static final java.util.Set<String> BODY_METHODS = java.util.Set.of("POST", "PATCH", "PUT");

    private final ODataUriParser parser;
    private final RecordEndpoints records;
    private final ServiceDocuments documents;
    private final BodyReader bodies;
    private final Map<String, OperationHandler> operations = new LinkedHashMap<>();
    private final ObjectMapper mapper;
    private final AccessGuard guard;
    private final java.util.List<PathEndpoint> endpoints;

    public ODataDispatcher(ODataUriParser parser, RecordEndpoints records, ServiceDocuments documents,
            BodyReader bodies, jakarta.enterprise.inject.Instance<OperationHandler> handlers, ObjectMapper mapper,
            AccessGuard guard, jakarta.enterprise.inject.Instance<PathEndpoint> endpoints) {
        this.guard = guard;
        this.endpoints = endpoints.stream().toList();
        this.parser = parser;
        this.records = records;
        this.documents = documents;
        this.bodies = bodies;
        this.mapper = mapper;
        handlers.forEach(handler -> operations.put(handler.definition().name(), handler));
    }

    public ODataResult handle(ODataCall call) {
        try {
            return route(call);
        } catch (DataverseException e) {
            return error(e.error(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure of " + call.method() + " " + call.path(), e);
            return error(DataverseError.UNEXPECTED, "An unexpected error occurred.");
        }
    }

    private ODataResult route(ODataCall call) {
        for (PathEndpoint endpoint : endpoints) {
            if (endpoint.serves(call.path())) {
                requireJsonBody(call);
                return endpoint.handle(call);
            }
        }
        ResourceRequest request = parser.parse(call.path(), call.query(), call.method());
        String method = call.method();
        requireJsonBody(call);
        return switch (request.kind()) {
            case SERVICE_DOCUMENT -> only(method, "GET", () -> documents.serviceDocument(call.serviceRoot()));
            case METADATA -> only(method, "GET", documents::metadata);
            case BATCH -> throw DataverseError.METHOD_NOT_ALLOWED.withMessage("$batch takes a POST of "
                    + "multipart/mixed.");
            case COLLECTION -> switch (method) {
                case "GET" -> records.readCollection(call, request);
                case "POST" -> records.create(call, request);
                default -> throw notAllowed();
            };
            case ENTITY -> switch (method) {
                case "GET" -> records.readEntity(call, request);
                case "PATCH" -> records.upsert(call, request);
                case "DELETE" -> records.delete(call, request);
                default -> throw notAllowed();
            };
            case PROPERTY -> switch (method) {
                case "GET" -> records.readProperty(call, request);
                case "PUT", "DELETE" -> records.writeProperty(call, request);
                default -> throw notAllowed();
            };
            case COUNT -> only(method, "GET", () -> records.count(request));
            case OPERATION -> operation(call, request);
        };
    }

    private ODataResult operation(ODataCall call, ResourceRequest request) {
        OperationDef definition = request.operation();
        String expected = definition.kind() == OperationDef.Kind.ACTION ? "POST" : "GET";
        if (!expected.equals(call.method())) {
            throw notAllowed();
        }
        OperationHandler handler = operations.get(definition.name());
        if (definition.isBound()) {
            guard.checkRecord(request.table(), definition.kind() == OperationDef.Kind.ACTION ? Privileges.WRITE
                    : Privileges.READ, request.key());
        }
        handler.requiredPrivileges().forEach(guard::require);
        Map<String, Object> parameters = definition.kind() == OperationDef.Kind.ACTION
                ? OperationParameters.read(definition, bodies.parseObject(call.body(), definition.name()))
                : Map.copyOf(request.functionParameters());
        Map<String, Object> response = handler.invoke(request.key(), parameters);
        if (response == null) {
            return ODataResult.noContent();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        // An operation returning records names their context itself ("$metadata#emails"), relative to the root.
        Object context = response.get("@odata.context");
        body.put("@odata.context", call.serviceRoot() + (context instanceof String fragment ? fragment
                : "$metadata#Microsoft.Dynamics.CRM." + definition.responseType()));
        response.forEach((name, value) -> body.putIfAbsent(name, value));
        return ODataResult.json(200, json(body));
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dataverse's error body, with the status the error has. */
    public ODataResult error(DataverseError error, String message) {
        return ODataResult.json(error.httpStatus(), json(ErrorResponse.of(error, message)));
    }

    private static void requireJsonBody(ODataCall call) {
        if (BODY_METHODS.contains(call.method()) && !isJson(call.header("Content-Type"))) {
            throw DataverseError.UNSUPPORTED_MEDIA_TYPE.withMessage("The request body must be JSON "
                    + "(Content-Type: application/json).");
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/json");
    }

    private static ODataResult only(String method, String allowed, java.util.function.Supplier<ODataResult> answer) {
        if (!allowed.equals(method)) {
            throw notAllowed();
        }
        return answer.get();
    }

    private static DataverseException notAllowed() {
        return DataverseError.METHOD_NOT_ALLOWED.withMessage("The requested HTTP method is not allowed on this "
                + "resource.");
    }
}
