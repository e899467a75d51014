package dev.mailroom.attachment.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Which verified callers are Mailroom's services: a token whose object id (claim {@code oid}, configurable) is one
 * of {@code attachments.security.caller-object-ids} gets the role {@link #SERVICE}, which the blob API requires.
 * Blobs are named only by their hash and carry no owner, so the privileges that decide who may read an attachment
 * are checked by activity-service; a user's token, valid as it may be, must not reach the bytes around it.
 */
@ApplicationScoped
public class ServiceCallers implements SecurityIdentityAugmentor {

    /** The role of a caller that is one of Mailroom's services. */
    public static final String SERVICE = "mailroom-service";

    private final List<String> objectIds;
    private final String claim;

    public ServiceCallers(@ConfigProperty(name = "attachments.security.caller-object-ids") Optional<List<String>> ids,
            @ConfigProperty(name = "attachments.security.caller-claim", defaultValue = "oid") String claim) {
        this.objectIds = ids.orElse(List.of()).stream().map(String::trim).map(String::toLowerCase).toList();
        this.claim = claim;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object value = token.getClaim(claim);
        String objectId = value instanceof JsonString text ? text.getString() : value == null ? null : value.toString();
        if (objectId == null || !objectIds.contains(objectId.toLowerCase())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(SERVICE).build());
    }
}
