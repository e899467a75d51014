package dev.mailroom.router.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.servicetoken.ServiceCallHeaders;

/**
 * Stores files in attachment-service ({@code PUT /blobs}, the bytes streamed from the caller's stream in chunks,
 * never whole in memory) and holds or releases blob references ({@code /blobs/{sha256}/references}). Headers, and so
 * the services' token, come from {@link ServiceCallHeaders}; the address from {@link AttachmentClientConfig}.
 */
@ApplicationScoped
public class AttachmentServiceUploads {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AttachmentClientConfig config;
    private final ServiceCallHeaders headers;
    private final ObjectMapper json;

    public AttachmentServiceUploads(AttachmentClientConfig config, ServiceCallHeaders headers, ObjectMapper json) {
        this.config = config;
        this.headers = headers;
        this.json = json;
    }

    /** A file attachment-service keeps: its SHA-256 (the blob's name) and size. */
    public record StoredBlob(String sha256, long size) {
    }

    /** attachment-service refused the file as larger than it accepts (413). */
    public static final class BlobTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        public BlobTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Streams {@code content} to attachment-service as one blob.
     *
     * @throws BlobTooLargeException when attachment-service refuses its size
     * @throws IOException when attachment-service cannot be reached or answers anything but 200/201
     */
    public StoredBlob store(InputStream content, String mimeType, Duration timeout) throws IOException {
        HttpRequest request = headers.apply(HttpRequest.newBuilder(uri("/blobs")).timeout(timeout)
                .header("Content-Type", mimeType)).PUT(HttpRequest.BodyPublishers.ofInputStream(() -> content))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 413) {
            throw new BlobTooLargeException("attachment-service refused the file as too large");
        }
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("attachment-service answered " + response.statusCode() + " to an upload: "
                    + response.body());
        }
        JsonNode stored = json.readTree(response.body());
        if (!stored.path("sha256").isTextual() || !stored.path("size").canConvertToLong()) {
            throw new IOException("attachment-service's answer to an upload names no blob: " + response.body());
        }
        return new StoredBlob(stored.get("sha256").asText(), stored.get("size").asLong());
    }

    /** Adds one reference to a stored blob, so that the collector keeps it. */
    public void hold(String sha256) throws IOException {
        reference(sha256, "POST");
    }

    /** Gives one reference back; a blob no one references is collected after attachment-service's grace period. */
    public void release(String sha256) throws IOException {
        reference(sha256, "DELETE");
    }

    private void reference(String sha256, String method) throws IOException {
        HttpRequest request = headers.apply(HttpRequest.newBuilder(uri("/blobs/" + sha256 + "/references"))
                .timeout(config.requestTimeout())).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IOException("attachment-service answered " + response.statusCode() + " to " + method
                    + " of a reference to blob " + sha256);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while calling attachment-service", e);
        }
    }

    private URI uri(String path) {
        return URI.create(config.serviceUrl().replaceAll("/$", "") + path);
    }
}
