package dev.mailroom.bulkmail.fanout;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from (job, recipient): the same recipient of the same job is always the same email, and its events
 * the same events, so a redelivered page, a crash or a restart can never make a second email.
 */
public final class BulkEmailIds {

    private BulkEmailIds() {
    }

    public static UUID email(UUID jobId, UUID recipientId) {
        return named("email", jobId, recipientId);
    }

    static UUID event(String kind, UUID jobId, UUID recipientId) {
        return named(kind, jobId, recipientId);
    }

    private static UUID named(String kind, UUID jobId, UUID recipientId) {
        return UUID.nameUUIDFromBytes(("mailroom-bulk:" + kind + ":" + jobId + ":" + recipientId)
                .getBytes(StandardCharsets.UTF_8));
    }
}
