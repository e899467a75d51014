package dev.mailroom.localstack.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Prints a token of the local identity provider for a user:
 * {@code java -cp local-stack/target/classes dev.mailroom.localstack.identity.MintToken <identity dir>
 * <object id> [hours]}. The object id is the user's {@code azureactivedirectoryobjectid}; the local administrator
 * is {@code 6d61696c-726f-4f6d-8000-00000000ad01}.
 */
public final class MintToken {

    private MintToken() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: MintToken <identity dir> <object id> [hours]");
            System.exit(2);
        }
        Duration lifetime = Duration.ofHours(args.length > 2 ? Long.parseLong(args[2]) : 1);
        System.out.println(LocalIdentity.inDirectory(Path.of(args[0])).token(UUID.fromString(args[1]), lifetime));
    }
}
