package dev.mailroom.localstack;

import dev.mailroom.localstack.identity.LocalIdentity;

/** What the local run prints once ready: where everything listens and a request to paste. */
final class ReadyBanner {

    private ReadyBanner() {
    }

    static String render(StackAddresses stack, long startMillis) {
        StringBuilder out = new StringBuilder("\nMailroom local stack is ready (").append(startMillis).append(" ms)\n");
        var values = stack.values();
        String api = values.get(MailroomService.ACTIVITY.urlKey());
        if (api != null) {
            out.append(String.format("  %-19s ", "Web API")).append(api).append("/api/data/v9.2/\n");
            for (MailroomService service : MailroomService.values()) {
                out.append(String.format("  %-19s %s  (health /q/health, metrics /q/metrics, OpenAPI /q/openapi)%n",
                        service.folder(), values.get(service.urlKey())));
            }
        }
        line(out, "Kafka bootstrap", values.get(StackAddresses.KAFKA_BOOTSTRAP));
        line(out, "PostgreSQL", values.get(StackAddresses.JDBC_URL));
        if (values.containsKey(StackAddresses.S3_ENDPOINT)) {
            line(out, "S3 endpoint", values.get(StackAddresses.S3_ENDPOINT) + "  (access key "
                    + values.get(StackAddresses.S3_ACCESS_KEY) + ", secret "
                    + values.get(StackAddresses.S3_SECRET_KEY) + ")");
        }
        if (values.containsKey(StackAddresses.SMTP_PORT)) {
            line(out, "Mail", "SMTP 127.0.0.1:" + values.get(StackAddresses.SMTP_PORT)
                    + ", IMAP 127.0.0.1:" + values.get(StackAddresses.IMAP_PORT)
                    + ", POP3 127.0.0.1:" + values.get(StackAddresses.POP3_PORT)
                    + "  (log in as any address, any password)");
        }
        String identityDir = values.get(StackAddresses.IDENTITY_DIR);
        if (api != null && identityDir != null) {
            String token = LocalIdentity.inDirectory(java.nio.file.Path.of(identityDir))
                    .token(LocalIdentity.ADMINISTRATOR_OBJECT_ID, java.time.Duration.ofHours(12));
            out.append("\nEvery Web API call needs a bearer token. The local administrator's (valid 12 hours):\n")
                    .append("  export TOKEN=").append(token).append('\n')
                    .append("A token for another user (their systemuser's azureactivedirectoryobjectid):\n")
                    .append("  java -cp local-stack/target/classes dev.mailroom.localstack.identity.MintToken ")
                    .append(identityDir).append(" <object-id> [hours]\n");
        }
        if (api != null) {
            out.append("\nTry it (then read someone@example.com over IMAP or POP3, any password):\n")
                    .append("  curl -si ").append(api)
                    .append("/api/data/v9.2/emails -H \"Authorization: Bearer $TOKEN\" \\\n")
                    .append("    -H 'Content-Type: application/json' \\\n")
                    .append("    -d '{\"subject\":\"Hello\",\"description\":\"<p>Hi</p>\",\"email_activity_parties\":[")
                    .append("{\"participationtypemask\":1,\"addressused\":\"sender@mailroom.local\"},")
                    .append("{\"participationtypemask\":2,\"addressused\":\"someone@example.com\"}]}'")
                    .append(" | grep OData-EntityId\n")
                    .append("  curl -s -X POST '").append(api)
                    .append("/api/data/v9.2/emails(<id>)/Microsoft.Dynamics.CRM.SendEmail' \\\n")
                    .append("    -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' ")
                    .append("-d '{\"IssueSend\":true}'\n")
                    .append("  curl -s -H \"Authorization: Bearer $TOKEN\" '").append(api)
                    .append("/api/data/v9.2/emails(<id>)?$select=subject,statuscode'\n")
                    .append("Press Ctrl-C to stop everything.\n");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        if (value != null) {
            out.append(String.format("  %-19s %s%n", label, value));
        }
    }
}
