package dev.mailroom.router;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs against real Kafka, PostgreSQL and SMTP/IMAP servers from the local stack. */
@QuarkusTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,mail"))
public class LocalStackForTests {
}
