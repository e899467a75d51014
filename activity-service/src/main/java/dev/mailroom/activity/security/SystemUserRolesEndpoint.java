package dev.mailroom.activity.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.rest.ODataCall;
import dev.mailroom.activity.odata.rest.ODataResult;
import dev.mailroom.activity.odata.rest.PathEndpoint;

/**
 * A user's security roles through the Web API, as Dataverse addresses them ({@code systemuserroles_association}):
 * <ul>
 * <li>{@code POST systemusers(<id>)/systemuserroles_association/$ref} with {@code {"@odata.id": ".../roles(<id>)"}}
 * gives the role (204);</li>
 * <li>{@code DELETE systemusers(<id>)/systemuserroles_association(<roleid>)/$ref}, or {@code .../$ref?$id=
 * .../roles(<id>)}, takes it away (204);</li>
 * <li>{@code GET systemusers(<id>)/systemuserroles_association/$ref} lists the user's roles.</li>
 * </ul>
 * What may be given by whom, and the audit, are {@link RoleAssignments}'.
 */
@ApplicationScoped
public class SystemUserRolesEndpoint implements PathEndpoint {

    private static final String ASSOCIATION = "systemuserroles_association";
    private static final Pattern PATH = Pattern.compile("systemusers\\(([^()/]*)\\)/" + ASSOCIATION
            + "(?:\\(([^()/]*)\\))?/\\$ref");
    /** A role's id at the end of an absolute or relative entity id. */
    private static final Pattern ROLE_ID = Pattern.compile("(?:^|/)roles\\(([^()/]*)\\)");

    private final RoleAssignments assignments;
    private final BodyReader bodies;
    private final AccessGuard guard;
    private final TableRegistry registry;
    private final ObjectMapper mapper;

    public SystemUserRolesEndpoint(RoleAssignments assignments, BodyReader bodies, AccessGuard guard,
            TableRegistry registry, ObjectMapper mapper) {
        this.assignments = assignments;
        this.bodies = bodies;
        this.guard = guard;
        this.registry = registry;
        this.mapper = mapper;
    }

    @Override
    public boolean serves(String path) {
        return PATH.matcher(normalized(path)).matches();
    }

    @Override
    public ODataResult handle(ODataCall call) {
        Matcher path = PATH.matcher(normalized(call.path()));
        if (!path.matches()) {
            throw new IllegalStateException("not a path of " + ASSOCIATION);
        }
        UUID userId = key(path.group(1), "systemuser");
        String roleKey = path.group(2);
        switch (call.method()) {
            case "POST" -> {
                if (roleKey != null) {
                    throw notAllowed();
                }
                assignments.associate(userId, roleReferencedBy(odataId(call)));
                return ODataResult.noContent();
            }
            case "DELETE" -> {
                UUID roleId = roleKey != null ? key(roleKey, "role") : roleReferencedBy(idOption(call.query()));
                assignments.disassociate(userId, roleId);
                return ODataResult.noContent();
            }
            case "GET" -> {
                if (roleKey != null) {
                    throw notAllowed();
                }
                return references(call, userId);
            }
            default -> throw notAllowed();
        }
    }

    private ODataResult references(ODataCall call, UUID userId) {
        guard.require(registry.require("systemuser"), Privileges.READ);
        guard.require(registry.require("role"), Privileges.READ);
        List<Map<String, String>> value = assignments.rolesOf(userId).stream()
                .map(roleId -> Map.of("@odata.id", call.serviceRoot() + "roles(" + roleId + ")")).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", call.serviceRoot() + "$metadata#Collection($ref)");
        body.put("value", value);
        try {
            return ODataResult.json(200, mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String odataId(ODataCall call) {
        JsonNode id = bodies.parseObject(call.body(), ASSOCIATION).get("@odata.id");
        if (id == null || !id.isTextual()) {
            throw DataverseError.BAD_BIND.withMessage("The request body must be {\"@odata.id\": \"<service root>"
                    + "roles(<id>)\"}.");
        }
        return id.asText();
    }

    /** The {@code $id} option of a DELETE of the association's {@code $ref}. */
    private static String idOption(String query) {
        if (query != null) {
            for (String option : query.split("&")) {
                int equals = option.indexOf('=');
                if (equals > 0 && "$id".equals(decode(option.substring(0, equals)))) {
                    return decode(option.substring(equals + 1));
                }
            }
        }
        throw DataverseError.BAD_BIND.withMessage("Name the role to take away: " + ASSOCIATION + "(<roleid>)/$ref "
                + "or " + ASSOCIATION + "/$ref?$id=<service root>roles(<id>).");
    }

    private static UUID roleReferencedBy(String entityId) {
        Matcher role = ROLE_ID.matcher(entityId.trim());
        if (!role.find() || role.end() != entityId.trim().length()) {
            throw DataverseError.BAD_BIND.withMessage("The @odata.id does not reference a role: expected "
                    + "<service root>roles(<id>).");
        }
        return key(role.group(1), "role");
    }

    private static UUID key(String text, String table) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw DataverseError.QUERY_SYNTAX.withMessage("Bad Request - Error in query syntax: the key of " + table
                + " is not a GUID.");
    }

    /** The path percent-decoded (clients encode {@code $}, parentheses or both); a '+' stays a '+'. */
    private static String normalized(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw DataverseError.QUERY_SYNTAX.withMessage("Bad Request - Error in query syntax.");
        }
    }

    private static DataverseException notAllowed() {
        return DataverseError.METHOD_NOT_ALLOWED.withMessage("The requested HTTP method is not allowed on this "
                + "resource.");
    }
}
