package dev.mailroom.eventing.http;

/**
 * What every service answers a request without a valid bearer token: an RFC 6750 challenge and a message that never
 * says which check failed (smallrye-jwt logs that detail at debug level, never the token itself). Each service puts
 * them into its own error body.
 *
 * @param challenge the {@code WWW-Authenticate} header's value
 * @param message the error message
 */
public record BearerChallenge(String challenge, String message) {

    /** No {@code Authorization: Bearer} header at all. */
    public static final BearerChallenge MISSING_TOKEN = new BearerChallenge("Bearer realm=\"mailroom\"",
            "The request has no bearer token (Authorization: Bearer <access token>).");

    /** A token whose signature, issuer, audience or expiry does not verify, or that is no JWT. */
    public static final BearerChallenge INVALID_TOKEN = new BearerChallenge(
            "Bearer realm=\"mailroom\", error=\"invalid_token\"", "The access token is not valid: it is malformed, "
                    + "expired, or not issued by a trusted issuer for this audience.");
}
