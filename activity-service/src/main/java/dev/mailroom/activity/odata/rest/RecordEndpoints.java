package dev.mailroom.activity.odata.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.json.RecordChange;
import dev.mailroom.activity.odata.json.RowWriter;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.sql.ReadQuery;
import dev.mailroom.activity.odata.uri.ResourceRequest;
import dev.mailroom.activity.security.AccessGuard;
import dev.mailroom.activity.security.Privileges;
import dev.mailroom.activity.service.GroupCommit;
import dev.mailroom.activity.service.Precondition;
import dev.mailroom.activity.service.RecordReader;
import dev.mailroom.activity.service.RecordWriter;

/** GET, POST, PATCH, PUT and DELETE of records of any table, with Dataverse's statuses and headers. */
@ApplicationScoped
public class RecordEndpoints {

    /** Dataverse's default and largest page. */
    static final int MAX_PAGE_SIZE = 5000;

    private final RecordReader reader;
    private final RecordWriter writer;
    private final GroupCommit creates;
    private final BodyReader bodies;
    private final RowWriter rows;
    private final AccessGuard guard;

    public RecordEndpoints(RecordReader reader, RecordWriter writer, GroupCommit creates, BodyReader bodies,
            RowWriter rows, AccessGuard guard) {
        this.reader = reader;
        this.writer = writer;
        this.creates = creates;
        this.bodies = bodies;
        this.rows = rows;
        this.guard = guard;
    }

    ODataResult readCollection(ODataCall call, ResourceRequest request) {
        Preferences prefer = Preferences.parse(call.header("Prefer"));
        ReadQuery query = guard.scope(request.query());
        // With $top and no page size, $top rows and no next page; otherwise pages (Dataverse ignores $top then).
        Integer pageSize = null;
        if (prefer.maxPageSize() != null) {
            pageSize = clampPageSize(prefer.maxPageSize());
        } else if (query.top() == null) {
            pageSize = MAX_PAGE_SIZE;
        }
        RecordReader.Page page = reader.readPage(query, request.skipToken(), pageSize, prefer.annotations().any());
        String next = page.nextToken() == null ? null : nextLink(call, page.nextToken());
        byte[] body = rows.collection(context(call, query, prefer, page, ""), query, page.rows(), page.count(), next);
        ODataResult result = ODataResult.json(200, body);
        String applied = prefer.appliedForRead(pageSize == null ? 0 : pageSize);
        return applied == null ? result : result.withHeader("Preference-Applied", applied);
    }

    ODataResult readEntity(ODataCall call, ResourceRequest request) {
        Preferences prefer = Preferences.parse(call.header("Prefer"));
        ReadQuery query = guard.scope(request.query());
        RecordReader.Page page = reader.readOne(query, request.key(), prefer.annotations().any())
                .orElseThrow(() -> DataverseException.notFound(request.table().logicalName(), request.key()));
        Map<String, Object> row = page.rows().get(0);
        String etag = RowWriter.etag(row.get(TableDef.VERSION));
        String ifNoneMatch = call.header("If-None-Match");
        if (ifNoneMatch != null && query.expansions().isEmpty() && !prefer.annotations().any()
                && Precondition.parseEtag(ifNoneMatch) == ((Number) row.get(TableDef.VERSION)).longValue()) {
            return new ODataResult(304, new java.util.LinkedHashMap<>(Map.of("ETag", etag)), new byte[0]);
        }
        byte[] body = rows.entity(context(call, query, prefer, page, "/$entity"), query, row);
        return ODataResult.json(200, body).withHeader("ETag", etag);
    }

    ODataResult count(ResourceRequest request) {
        return ODataResult.text(200, "text/plain", String.valueOf(reader.countRows(guard.scope(request.query()))));
    }

    ODataResult create(ODataCall call, ResourceRequest request) {
        TableDef table = request.table();
        RecordChange change = owned(bodies.read(table, bodies.parseObject(call.body(), table.logicalName())));
        guard.checkCreate(change);
        UUID id = creates.create(change);
        return written(call, request, id, 201);
    }

    ODataResult upsert(ODataCall call, ResourceRequest request) {
        TableDef table = request.table();
        RecordChange change = bodies.read(table, bodies.parseObject(call.body(), table.logicalName()));
        Precondition precondition = Precondition.fromHeaders(call.header("If-Match"), call.header("If-None-Match"));
        if (guard.exists(table, request.key())) {
            guard.checkUpdate(change, request.key());
        } else {
            change = owned(change);
            guard.checkCreate(change);
        }
        writer.upsert(change, request.key(), precondition);
        return written(call, request, request.key(), 200);
    }

    ODataResult delete(ODataCall call, ResourceRequest request) {
        guard.checkRecord(request.table(), Privileges.DELETE, request.key());
        writer.delete(request.table(), request.key(),
                Precondition.fromHeaders(call.header("If-Match"), call.header("If-None-Match")));
        return ODataResult.noContent();
    }

    ODataResult readProperty(ODataCall call, ResourceRequest request) {
        ColumnDef column = request.property();
        if (request.rawValue() && request.table().rules().filledOnRead().contains(column.name())) {
            // A file: streamed from where it is kept, never whole in memory.
            return ODataResult.streamed(request.table().rules().openValue(request.key(), column.name()));
        }
        ReadQuery query = new ReadQuery(request.table(), List.of(column), List.of(), request.query() == null
                ? dev.mailroom.activity.odata.sql.Sql.TRUE : request.query().where(), List.of(), null, false,
                List.of());
        Map<String, Object> row = reader.readOne(guard.scope(query), request.key(), false)
                .orElseThrow(() -> DataverseException.notFound(request.table().logicalName(), request.key()))
                .rows().get(0);
        Object value = row.get(column.name());
        if (request.rawValue()) {
            return ODataResult.text(value == null ? 204 : 200, "text/plain", value == null ? "" : value.toString());
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("@odata.context", call.serviceRoot() + "$metadata#" + request.table().entitySet() + "("
                + request.key() + ")/" + column.name());
        body.putPOJO("value", value instanceof java.time.Instant instant
                ? instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString() : value);
        return ODataResult.json(200, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code PUT <set>(<id>)/<column>} with {@code {"value": …}}, or DELETE to clear it. */
    ODataResult writeProperty(ODataCall call, ResourceRequest request) {
        TableDef table = request.table();
        ColumnDef column = request.property();
        JsonNode value = JsonNodeFactory.instance.nullNode();
        if (call.method().equals("PUT")) {
            JsonNode body = bodies.parseObject(call.body(), table.logicalName());
            if (!body.has("value") || body.size() != 1) {
                throw DataverseError.PAYLOAD_ERROR.withMessage("The body of a single-property PUT is {\"value\": …}.");
            }
            value = body.get("value");
        }
        if (!column.isWritable()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The '" + column.name() + "' column of '"
                    + table.logicalName() + "' is read-only.");
        }
        guard.checkRecord(table, Privileges.WRITE, request.key());
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.set(column.name(), value);
        writer.upsert(bodies.read(table, change), request.key(), new Precondition(Precondition.Kind.MUST_EXIST,
                null));
        return ODataResult.noContent();
    }

    private ODataResult written(ODataCall call, ResourceRequest request, UUID id, int representationStatus) {
        Preferences prefer = Preferences.parse(call.header("Prefer"));
        String entityId = call.serviceRoot() + request.table().entitySet() + "(" + id + ")";
        if (!prefer.returnRepresentation()) {
            return ODataResult.noContent().withHeader("OData-EntityId", entityId);
        }
        ReadQuery query = guard.scope(request.query());
        RecordReader.Page page = reader.readOne(query, id, prefer.annotations().any()).orElseThrow();
        byte[] body = rows.entity(context(call, query, prefer, page, "/$entity"), query, page.rows().get(0));
        return ODataResult.json(representationStatus, body).withHeader("Preference-Applied",
                "return=representation");
    }

    /** A new row of a user-owned table belongs to the caller (or the user they act for). */
    private RecordChange owned(RecordChange change) {
        return change.table().ownership().filter(TableDef.Ownership::direct).map(ownership -> {
            Map<String, Object> values = new java.util.LinkedHashMap<>(change.values());
            values.put(ownership.ownerColumn(), guard.caller().userId());
            return new RecordChange(change.table(), values, change.binds(), change.children());
        }).orElse(change);
    }

    private static RowWriter.Context context(ODataCall call, ReadQuery query, Preferences prefer,
            RecordReader.Page page, String suffix) {
        TableDef table = query.table();
        long readable = table.columns().stream().filter(ColumnDef::isReadable).count();
        String selection = "";
        if (query.columns().size() < readable) {
            List<String> names = new ArrayList<>(query.columns().stream().map(ColumnDef::name).toList());
            query.lookups().forEach(lookup -> names.add(lookup.valueProperty()));
            selection = "(" + String.join(",", names) + ")";
        }
        return new RowWriter.Context(call.serviceRoot() + "$metadata#" + table.entitySet() + selection + suffix,
                prefer.annotations(), page.names());
    }

    /** The same request with only {@code $skiptoken} replaced, absolute, so clients can follow it verbatim. */
    private static String nextLink(ODataCall call, String token) {
        List<String> options = new ArrayList<>();
        if (call.query() != null) {
            for (String option : call.query().split("&")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                if (!name.replace("%24", "$").equalsIgnoreCase("$skiptoken") && !option.isEmpty()) {
                    options.add(option);
                }
            }
        }
        options.add("$skiptoken=" + token);
        return call.serviceRoot() + call.path() + "?" + String.join("&", options);
    }

    private static int clampPageSize(int requested) {
        return Math.max(1, Math.min(requested, MAX_PAGE_SIZE));
    }
}
