package dev.mailroom.localstack.testing;

import java.util.ArrayList;
import java.util.List;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Installs a bearer token in RestAssured as a global filter (see {@link DefaultCallerToken}). A filter, not a
 * default request specification: a specification captures the port when it is built, before Quarkus knows it.
 * The header is added only when the request has none, so a test's own {@code Authorization} wins; a test that
 * must send no token at all calls {@code given().noFilters()}.
 */
public final class RestAssuredToken implements Filter {

    private final String token;

    private RestAssuredToken(String token) {
        this.token = token;
    }

    public static void install(String token) {
        List<Filter> others = new ArrayList<>(RestAssured.filters());
        others.removeIf(RestAssuredToken.class::isInstance);
        others.add(new RestAssuredToken(token));
        RestAssured.replaceFiltersWith(others);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + token);
        }
        return context.next(request, response);
    }
}
