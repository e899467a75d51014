package dev.mailroom.router.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.servicetoken.ServiceCallHeaders;
import dev.mailroom.router.mail.BlobSource;

/**
 * Attachment bytes from attachment-service's {@code GET /blobs/{sha256}}, handed over as the response stream: the
 * MIME writer pulls them through its Base64 encoder at the pace of the SMTP connection.
 */
@ApplicationScoped
public class AttachmentServiceBlobs implements BlobSource {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AttachmentClientConfig config;
    private final ServiceCallHeaders headers;

    public AttachmentServiceBlobs(AttachmentClientConfig config, ServiceCallHeaders headers) {
        this.config = config;
        this.headers = headers;
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        HttpRequest request = headers.apply(HttpRequest.newBuilder(URI.create(config.serviceUrl()
                .replaceAll("/$", "") + "/blobs/" + sha256)).timeout(config.requestTimeout())).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while opening attachment " + sha256, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("attachment-service answered " + response.statusCode() + " for blob " + sha256);
        }
        return response.body();
    }
}
