package dev.mailroom.activity.attachments;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where attachment-service is (prefix {@code activity.attachments}); env {@code ACTIVITY_ATTACHMENTS_SERVICE_URL}. */
@ConfigMapping(prefix = "activity.attachments")
public interface AttachmentClientConfig {

    /** Base URL of attachment-service, which stores the bytes of every attachment. */
    @WithDefault("http://127.0.0.1:8082")
    String serviceUrl();

    /** How long one call may take, a large upload or download included. */
    @WithDefault("5m")
    Duration requestTimeout();
}
