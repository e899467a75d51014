package dev.mailroom.activity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How concurrent creates share transactions (prefix {@code activity.group-commit}; see GroupCommit). */
@ConfigMapping(prefix = "activity.group-commit")
public interface GroupCommitConfig {

    /** Off: every create is its own transaction, as within a $batch change set. */
    @WithDefault("true")
    boolean enabled();

    /** How many transactions write groups at once (each holds one pooled connection while it writes). */
    @WithDefault("2")
    int writers();

    /** The most creates one transaction takes. */
    @WithDefault("256")
    int maxSize();
}
