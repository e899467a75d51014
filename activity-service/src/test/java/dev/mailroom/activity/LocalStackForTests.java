package dev.mailroom.activity;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against a real Kafka broker, a real PostgreSQL and a real S3 server from the
 * local stack, with the packaged attachment-service in front of S3 (it stores attachment bytes).
 */
@QuarkusTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = "components", value = "kafka,postgres,s3"),
        @ResourceArg(name = "services", value = "attachment-service")})
public class LocalStackForTests {
}
