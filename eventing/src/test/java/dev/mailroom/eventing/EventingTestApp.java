package dev.mailroom.eventing;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The {@code @QuarkusTest}s of this module run eventing's beans as a small application (configured in the test
 * application.properties) against real Kafka and PostgreSQL from the local stack.
 */
@QuarkusTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres"))
public class EventingTestApp {
}
