package dev.mailroom.tokencache;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Puts the service's {@link TokenCache} in front of smallrye-jwt's parser, which Quarkus's bearer authentication
 * calls with every request's token: the verification itself, and every setting of it ({@code mp.jwt.verify.*}),
 * stay smallrye-jwt's; a token is served from the cache only after that verification passed for it. A service that
 * uses this module declares one bean that is a {@link TokenCache}, with its own settings.
 */
@Decorator
@Priority(10)
public abstract class CachingTokenParser implements JWTParser {

    @Inject
    @Delegate
    @Any
    JWTParser parser;

    @Inject
    TokenCache tokens;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return tokens.parse(token, parser);
    }
}
