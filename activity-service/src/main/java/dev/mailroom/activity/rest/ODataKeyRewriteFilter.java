package dev.mailroom.activity.rest;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * OData addresses a record as {@code emails(<key>)}, a key inside a path segment, which JAX-RS templates in Quarkus
 * REST cannot match. Before matching, this rewrites {@code .../emails(<key>)/rest} to {@code .../emails/<key>/rest},
 * so resources declare ordinary {@code emails/{key}} paths.
 */
public class ODataKeyRewriteFilter {

    private static final Pattern KEYED_SEGMENT =
            Pattern.compile("^(.*/api/data/v9\\.[0-9]+/[A-Za-z_]+)\\(([^/)]*)\\)(/.*)?$");
    private static final Pattern ENCODED_OPEN = Pattern.compile("%28", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENCODED_CLOSE = Pattern.compile("%29", Pattern.CASE_INSENSITIVE);

    @ServerRequestFilter(preMatching = true)
    public void rewriteKeySegment(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        // Some clients percent-encode the parentheses; both spellings name the same record.
        String path = ENCODED_OPEN.matcher(uri.getRawPath()).replaceAll("(");
        path = ENCODED_CLOSE.matcher(path).replaceAll(")");
        Matcher matcher = KEYED_SEGMENT.matcher(path);
        if (!matcher.matches()) {
            return;
        }
        String key = matcher.group(2).isEmpty() ? "%20" : matcher.group(2);
        String rewritten = matcher.group(1) + "/" + key + (matcher.group(3) == null ? "" : matcher.group(3));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        request.setRequestUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + rewritten + query));
    }
}
