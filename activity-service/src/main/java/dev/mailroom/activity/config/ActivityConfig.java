package dev.mailroom.activity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** activity-service settings (prefix {@code activity}). */
@ConfigMapping(prefix = "activity")
public interface ActivityConfig {

    /** Prefix of tracking tokens generated when SendEmail gets no TrackingToken (Dataverse's default is "CRM:"). */
    @WithDefault("CRM:")
    String trackingTokenPrefix();

    /** How many digits the number of a generated tracking token has, zero-padded. */
    @WithDefault("7")
    int trackingTokenDigits();
}
