package dev.mailroom.bulkmail.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** bulk-mail-service settings (prefix {@code bulkmail}). */
@ConfigMapping(prefix = "bulkmail")
public interface BulkMailConfig {

    /** Base URL of activity-service, whose Web API pages through a bulk request's recipients. */
    String activityServiceUrl();

    /** Recipients per published page: one page is fanned out in one transaction. */
    @WithDefault("500")
    int recipientPageSize();

    /**
     * Recipients read from activity-service per request (Dataverse's odata.maxpagesize; 5,000 at most): each read is
     * cut into pages of {@link #recipientPageSize()}, published together.
     */
    @WithDefault("5000")
    int recipientReadSize();
}
