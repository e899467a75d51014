package dev.mailroom.router.service;

import java.util.UUID;

/**
 * Message-IDs derived from the activity id: a resend after a crash carries the same id, so receivers that
 * de-duplicate by Message-ID show the email once.
 */
public final class MessageIds {

    private MessageIds() {
    }

    public static String forActivity(UUID activityId, String domain) {
        return "<" + activityId + "@" + domain + ">";
    }
}
