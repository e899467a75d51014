package dev.mailroom.localstack.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every test's RestAssured {@code given()} the local administrator's bearer token, so tests written before
 * the Web API required authentication, and tests that are not about security, call it as an authenticated
 * client. Registered for every test through {@code META-INF/services} (JUnit's extension autodetection, enabled
 * in the parent POM's surefire configuration). Security tests set their own {@code Authorization} header, which
 * wins, or send none with {@code given().noFilters()}.
 *
 * <p>A {@code @QuarkusTest} class lives in Quarkus's class loader, which may hold its own copy of RestAssured, so
 * the token is installed through the test class's loader, not this extension's.
 */
public class DefaultCallerToken implements BeforeAllCallback, BeforeEachCallback {

    private static final String INSTALLER = "dev.mailroom.localstack.testing.RestAssuredToken";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        install(context);
    }

    private static void install(ExtensionContext context) throws Exception {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        try {
            Class.forName("io.restassured.RestAssured", false, loader);
        } catch (ClassNotFoundException noRestAssured) {
            return;
        }
        Class.forName(INSTALLER, true, loader).getMethod("install", String.class)
                .invoke(null, TestIdentity.administratorToken());
    }
}
