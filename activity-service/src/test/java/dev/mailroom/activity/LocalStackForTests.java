package dev.mailroom.activity;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs against a real Kafka broker and a real PostgreSQL from the local stack. */
@QuarkusTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres"))
public class LocalStackForTests {
}
