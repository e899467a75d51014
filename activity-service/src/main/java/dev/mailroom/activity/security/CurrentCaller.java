package dev.mailroom.activity.security;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The caller of the current request: the enabled {@code systemuser} whose directory object id is the verified
 * token's {@code activity.security.user-claim}, or, with {@code MSCRMCallerID} (a systemuserid) or
 * {@code CallerObjectId} (a directory object id), the user they act for when they hold
 * {@code prvActOnBehalfOfAnotherUser}. Resolved once per request (one query, two when impersonating).
 */
@RequestScoped
public class CurrentCaller {

    static final String CALLER_ID_HEADER = "MSCRMCallerID";
    static final String CALLER_OBJECT_ID_HEADER = "CallerObjectId";

    private final JsonWebToken token;
    private final HttpServerRequest request;
    private final CallerDirectory directory;
    private final SecurityConfig config;
    private Caller caller;

    public CurrentCaller(JsonWebToken token, HttpServerRequest request, CallerDirectory directory,
            SecurityConfig config) {
        this.token = token;
        this.request = request;
        this.directory = directory;
        this.config = config;
    }

    public Caller get() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    private Caller resolve() {
        Object claim = token == null ? null : token.getClaim(config.userClaim());
        UUID objectId = claim == null ? null : parse(claim.toString());
        if (objectId == null) {
            throw DataverseError.NOT_AUTHENTICATED.withMessage("The access token does not name a user ('"
                    + config.userClaim() + "' claim).");
        }
        Caller authenticated = directory.byObjectId(objectId).orElseThrow(() -> DataverseError.NOT_AUTHENTICATED
                .withMessage("The user is not a member of the organization, or is disabled."));
        String callerId = request.getHeader(CALLER_ID_HEADER);
        String callerObjectId = request.getHeader(CALLER_OBJECT_ID_HEADER);
        if (callerId == null && callerObjectId == null) {
            return authenticated;
        }
        if (authenticated.depth(Privileges.IMPERSONATE).isEmpty()) {
            throw AccessGuard.missing(authenticated, Privileges.IMPERSONATE, null);
        }
        UUID target = parse(callerId != null ? callerId : callerObjectId);
        if (target == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The " + (callerId != null ? CALLER_ID_HEADER
                    : CALLER_OBJECT_ID_HEADER) + " header is not a GUID.");
        }
        Caller impersonated = (callerId != null ? directory.byUserId(target) : directory.byObjectId(target))
                .orElseThrow(() -> DataverseException.notFound("systemuser", target));
        return authenticated.actingFor(impersonated);
    }

    private static UUID parse(String value) {
        try {
            return UUID.fromString(value.trim().replace("{", "").replace("}", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
