package dev.mailroom.activity.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.eventing.servicetoken.ServiceCallHeaders;

/**
 * attachment-service's blob API as activity-service calls it. Bytes stream both ways: an upload is sent chunked
 * from an {@code InputStream} as it is read, a download is handed back as the response's {@code InputStream}.
 * Every request takes its headers from {@link ServiceCallHeaders}.
 */
@ApplicationScoped
public class AttachmentServiceClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    private final AttachmentClientConfig config;
    private final ServiceCallHeaders headers;
    private final ObjectMapper mapper;

    public AttachmentServiceClient(AttachmentClientConfig config, ServiceCallHeaders headers, ObjectMapper mapper) {
        this.config = config;
        this.headers = headers;
        this.mapper = mapper;
    }

    /** Stores the bytes {@code content} gives (read once, never whole in memory); answers their hash and size. */
    public StoredFile store(Supplier<InputStream> content, String mimeType) {
        HttpRequest request = request("/blobs").header("Content-Type", mimeType)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(content)).build();
        HttpResponse<InputStream> response = send(request);
        JsonNode body = readJson(response);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw failure(response.statusCode(), body);
        }
        return new StoredFile(body.path("sha256").asText(), body.path("size").asLong());
    }

    /** Stores the concatenation of stored blobs, in order (the blocks of a block upload). */
    public StoredFile compose(java.util.List<String> parts, String mimeType) {
        String json;
        try {
            json = mapper.writeValueAsString(java.util.Map.of("parts", parts, "mimeType", mimeType));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<InputStream> response = send(request("/blobs/compose").header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        JsonNode body = readJson(response);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw failure(response.statusCode(), body);
        }
        return new StoredFile(body.path("sha256").asText(), body.path("size").asLong());
    }

    /** {@code length} bytes from {@code offset} (clipped to the end): one block of a block download. */
    public byte[] readRange(String sha256, long offset, long length) {
        HttpResponse<InputStream> response = send(request("/blobs/" + sha256 + "?offset=" + offset + "&length="
                + length).GET().build());
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), readJson(response));
        }
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw unavailable();
        }
    }

    public void addReference(String sha256) {
        changeReference(sha256, "POST");
    }

    public void releaseReference(String sha256) {
        changeReference(sha256, "DELETE");
    }

    /** The stored bytes, streaming; the caller closes the stream. */
    public InputStream open(String sha256) {
        HttpResponse<InputStream> response = send(request("/blobs/" + sha256).GET().build());
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), readJson(response));
        }
        return response.body();
    }

    private void changeReference(String sha256, String method) {
        HttpResponse<InputStream> response = send(request("/blobs/" + sha256 + "/references")
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        JsonNode body = readJson(response);
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), body);
        }
    }

    private HttpRequest.Builder request(String path) {
        return headers.apply(HttpRequest.newBuilder(URI.create(config.serviceUrl().replaceAll("/$", "") + path))
                .timeout(config.requestTimeout()));
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private JsonNode readJson(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static DataverseException failure(int status, JsonNode body) {
        if (status == 404) {
            return DataverseError.OBJECT_DOES_NOT_EXIST.withMessage("The file of this attachment no longer exists.");
        }
        if (status == 413) {
            return DataverseError.ATTACHMENT_TOO_LARGE.withMessage("Attachment file size is too big.");
        }
        if (status >= 500) {
            return unavailable();
        }
        return DataverseError.INVALID_ARGUMENT.withMessage("The attachment could not be stored: "
                + body.path("message").asText("refused by file storage") + ".");
    }

    static DataverseException unavailable() {
        return DataverseError.STORAGE_UNAVAILABLE.withMessage("File storage is unavailable; nothing was saved. "
                + "Try again later.");
    }

}
