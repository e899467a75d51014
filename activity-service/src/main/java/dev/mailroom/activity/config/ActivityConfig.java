package dev.mailroom.activity.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * activity-service settings (prefix {@code activity}). Tracking tokens follow the organization row
 * ({@code trackingprefix}, {@code trackingtokeniddigits}, ...), which clients change through the Web API.
 */
@ConfigMapping(prefix = "activity")
public interface ActivityConfig {

    /** How long a BackgroundSendEmail caller holds the emails it was handed before they return to the pool. */
    @WithDefault("PT10M")
    Duration backgroundSendLease();

    /** The most emails one BackgroundSendEmail call hands out. */
    @WithDefault("100")
    int backgroundSendBatch();
}
