package dev.mailroom.activity;

import java.util.Arrays;
import java.util.Optional;

/** activityparty.participationtypemask values an email uses (Dataverse values). */
public enum ParticipationType {
    SENDER(1),
    TO_RECIPIENT(2),
    CC_RECIPIENT(3),
    BCC_RECIPIENT(4);

    private final int mask;

    ParticipationType(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    public boolean isRecipient() {
        return this != SENDER;
    }

    public static Optional<ParticipationType> fromMask(int mask) {
        return Arrays.stream(values()).filter(type -> type.mask == mask).findFirst();
    }
}
