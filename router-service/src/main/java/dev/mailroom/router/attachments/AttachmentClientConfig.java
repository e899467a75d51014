package dev.mailroom.router.attachments;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where attachment-service is (prefix {@code router.attachments}); env {@code ROUTER_ATTACHMENTS_SERVICE_URL}. */
@ConfigMapping(prefix = "router.attachments")
public interface AttachmentClientConfig {

    /** Base URL of attachment-service, which the router streams attachment bytes from. */
    @WithDefault("http://127.0.0.1:8082")
    String serviceUrl();

    /** How long opening a file may take (the bytes then stream at the SMTP connection's pace). */
    @WithDefault("30s")
    Duration requestTimeout();
}
