package dev.mailroom.activity.odata.uri;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceAction;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourceFunction;
import org.apache.olingo.server.api.uri.UriResourceKind;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.apache.olingo.server.core.uri.parser.UriParserSemanticException;
import org.apache.olingo.server.core.uri.validator.UriValidator;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.uri.ResourceRequest.Kind;
import dev.mailroom.activity.odata.sql.ReadQuery;

/**
 * Parses a Web API URL with Olingo's OData 4.0 parser against our model and hands back a {@link ResourceRequest}.
 * Olingo checks the grammar and that every name exists; we check what our tables allow.
 */
public final class ODataUriParser {

    private static final Set<String> RESOURCE_NOT_FOUND_KEYS = Set.of("RESOURCE_NOT_FOUND", "FUNCTION_NOT_FOUND",
            "PROPERTY_NOT_IN_TYPE_AS_SEGMENT", "UNKNOWN_PART");

    private final Edm edm;
    private final TableRegistry registry;
    private final DataverseUriNormalizer normalizer;
    private final QueryOptionsReader options;

    public ODataUriParser(Edm edm, TableRegistry registry) {
        this.edm = edm;
        this.registry = registry;
        this.normalizer = new DataverseUriNormalizer(registry.operations().stream()
                .filter(op -> op.kind() == OperationDef.Kind.FUNCTION && !op.isBound() && op.parameters().isEmpty())
                .map(OperationDef::name).collect(Collectors.toSet()));
        this.options = new QueryOptionsReader(registry);
    }

    /**
     * @param rawPath the still-encoded path after the service root ({@code emails(…)})
     * @param rawQuery the still-encoded query string, or null
     */
    public ResourceRequest parse(String rawPath, String rawQuery, String method) {
        FilterLimits.check(rawQuery);
        DataverseUriNormalizer.Normalized normalized = normalizer.normalize(rawPath, rawQuery);
        UriInfo uriInfo;
        try {
            uriInfo = new Parser(edm, OData.newInstance()).parseUri(normalized.path(), normalized.query(), null,
                    null);
            new UriValidator().validate(uriInfo, HttpMethod.valueOf(method));
        } catch (UriParserSemanticException e) {
            if (RESOURCE_NOT_FOUND_KEYS.contains(e.getMessageKey().getKey())) {
                throw DataverseError.RESOURCE_NOT_FOUND.withMessage("Resource not found for the segment '"
                        + firstSegment(normalized.path()) + "'.");
            }
            throw syntax(e);
        } catch (ODataLibraryException e) {
            throw syntax(e);
        }
        return switch (uriInfo.getKind()) {
            case metadata -> simple(Kind.METADATA);
            case service -> simple(Kind.SERVICE_DOCUMENT);
            case batch -> simple(Kind.BATCH);
            case resource -> resource(uriInfo, normalized.skipToken());
            default -> throw DataverseError.NOT_IMPLEMENTED.withMessage("This kind of request is not supported.");
        };
    }

    private ResourceRequest resource(UriInfo uriInfo, String skipToken) {
        List<UriResource> parts = uriInfo.getUriResourceParts();
        UriResource first = parts.get(0);
        Map<String, String> aliases = aliases(uriInfo);
        if (first instanceof UriResourceAction action && parts.size() == 1) {
            return operation(null, null, action.getAction().getName(), Map.of());
        }
        if (first instanceof UriResourceFunction function && parts.size() == 1) {
            Map<String, String> parameters = new HashMap<>();
            for (UriParameter parameter : function.getParameters()) {
                // An alias given as null (@p=null) has no text: the literal null, as the function reads it.
                String text = parameter.getAlias() != null ? aliases.get(parameter.getAlias()) : parameter.getText();
                parameters.put(parameter.getName(), text == null ? "null" : text);
            }
            return operation(null, null, function.getFunction().getName(), parameters);
        }
        if (!(first instanceof UriResourceEntitySet set)) {
            throw DataverseError.NOT_IMPLEMENTED.withMessage("This kind of request is not supported.");
        }
        TableDef table = registry.byEntitySet(set.getEntitySet().getName()).orElseThrow();
        UUID key = set.getKeyPredicates().isEmpty() ? null : key(set.getKeyPredicates().get(0));
        if (parts.size() == 1) {
            ReadQuery query = options.read(table, uriInfo, aliases);
            return new ResourceRequest(key == null ? Kind.COLLECTION : Kind.ENTITY, table, key, null, false, null,
                    query, skipToken, Map.of());
        }
        UriResource second = parts.get(1);
        if (second.getKind() == UriResourceKind.count && key == null) {
            return new ResourceRequest(Kind.COUNT, table, null, null, false, null,
                    options.read(table, uriInfo, aliases), null, Map.of());
        }
        if (second instanceof UriResourceAction action) {
            return operation(table, key, action.getAction().getName(), Map.of());
        }
        if (second instanceof UriResourcePrimitiveProperty property && key != null) {
            ColumnDef column = table.column(property.getProperty().getName()).filter(ColumnDef::isReadable)
                    .orElseThrow(() -> ColumnResolver.unknown(table, property.getProperty().getName()));
            boolean rawValue = parts.size() == 3 && parts.get(2).getKind() == UriResourceKind.value;
            return new ResourceRequest(Kind.PROPERTY, table, key, column, rawValue, null, null, null, Map.of());
        }
        throw DataverseError.NOT_IMPLEMENTED.withMessage("Addressing '" + second.getSegmentValue()
                + "' this way is not supported; use $expand instead.");
    }

    private ResourceRequest operation(TableDef table, UUID key, String name, Map<String, String> parameters) {
        OperationDef operation = registry.operation(name).orElseThrow(() -> DataverseError.RESOURCE_NOT_FOUND
                .withMessage("Resource not found for the segment '" + name + "'."));
        return new ResourceRequest(Kind.OPERATION, table, key, null, false, operation, null, null, parameters);
    }

    private static ResourceRequest simple(Kind kind) {
        return new ResourceRequest(kind, null, null, null, false, null, null, null, Map.of());
    }

    private static UUID key(UriParameter parameter) {
        String text = parameter.getText();
        try {
            if (text == null || text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw DataverseError.QUERY_SYNTAX.withMessage("Bad Request - Error in query syntax. '" + text
                    + "' is not a valid GUID key.");
        }
    }

    private static Map<String, String> aliases(UriInfo uriInfo) {
        Map<String, String> aliases = new HashMap<>();
        uriInfo.getAliases().forEach(alias -> aliases.put(alias.getName(), alias.getText()));
        return aliases;
    }

    private static String firstSegment(String path) {
        String segment = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        return segment.contains("(") ? segment.substring(0, segment.indexOf('(')) : segment;
    }

    private static RuntimeException syntax(ODataLibraryException e) {
        return DataverseError.QUERY_SYNTAX.withMessage(e.getTranslatedMessage(Locale.ENGLISH).getMessage());
    }
}
