package dev.mailroom.router;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against real Kafka, PostgreSQL, SMTP/IMAP and S3 servers from the local stack, with
 * the packaged attachment-service the router streams attachments from.
 */
@QuarkusTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = "components", value = "kafka,postgres,mail,s3"),
        @ResourceArg(name = "services", value = "attachment-service")})
public class LocalStackForTests {
}
