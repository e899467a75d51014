package dev.mailroom.bulkmail.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** bulk-mail-service settings (prefix {@code bulkmail}). */
@ConfigMapping(prefix = "bulkmail")
public interface BulkMailConfig {

    /** Base URL of activity-service, whose Web API pages through a bulk request's recipients. */
    String activityServiceUrl();

    /** Recipients read per page (Dataverse's odata.maxpagesize; 5,000 at most). */
    @WithDefault("500")
    int recipientPageSize();
}
