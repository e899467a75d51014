package dev.mailroom.bulkmail.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.bulkmail.config.BulkMailConfig;
import dev.mailroom.events.BulkMailPage.Field;
import dev.mailroom.events.BulkMailPage.Recipient;

/**
 * Reads a job's recipients through activity-service's own query API, the one clients use: {@code $filter} plus the
 * server's keyset paging ({@code @odata.nextLink} with a {@code $skiptoken}), so a page costs one index range scan
 * however deep the job is.
 */
@ApplicationScoped
public class RecipientSource {

    private static final String ROOT = "/api/data/v9.2/";
    private static final Map<String, String> TABLES = Map.of("contacts", "contact", "accounts", "account", "leads",
            "lead");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper objectMapper;
    private final ActivityServiceHeaders headers;
    private final BulkMailConfig config;

    public RecipientSource(ObjectMapper objectMapper, ActivityServiceHeaders headers, BulkMailConfig config) {
        this.objectMapper = objectMapper;
        this.headers = headers;
        this.config = config;
    }

    /** The first page's URL for a job's query. */
    public String firstPage(String entitySet, String filter) {
        String url = config.activityServiceUrl() + ROOT + entitySet;
        return filter == null ? url
                : url + "?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Starts reading one batch of recipients (up to {@code bulkmail.recipient-read-size}) without waiting, so the
     * pager can publish the batch before while activity-service serves this one. The future fails with
     * {@link QueryRefusedException} when activity-service answers 4xx, with {@link IllegalStateException} when it
     * cannot be reached or answers 5xx (worth retrying).
     *
     * @param columns the columns each recipient keeps as fields (those its job's template can insert)
     */
    public CompletableFuture<RecipientPage> readAsync(String entitySet, String url, Predicate<String> columns) {
        String table = TABLES.get(entitySet);
        HttpRequest request = headers.apply(HttpRequest.newBuilder(URI.create(url)))
                .header("Prefer", "odata.maxpagesize=" + config.recipientReadSize())
                .timeout(Duration.ofSeconds(60)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        throw new IllegalStateException("activity-service is unreachable: " + cause.getMessage(),
                                cause);
                    }
                    return page(table, url, response, columns);
                });
    }

    /** The outcome of a read started by {@link #readAsync}, its failure thrown as it was raised. */
    public static RecipientPage await(CompletableFuture<RecipientPage> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading recipients", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("Reading recipients failed: " + e.getCause(), e.getCause());
        }
    }

    private RecipientPage page(String table, String url, HttpResponse<byte[]> response, Predicate<String> columns) {
        try {
            JsonNode body = objectMapper.readTree(response.body());
            if (response.statusCode() >= 400 && response.statusCode() < 500) {
                throw new QueryRefusedException(body.path("error").path("message").asText("HTTP "
                        + response.statusCode()));
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("activity-service answered " + response.statusCode() + " to " + url);
            }
            List<Recipient> recipients = new ArrayList<>(body.path("value").size());
            for (JsonNode row : body.path("value")) {
                recipients.add(recipient(table, row, columns));
            }
            JsonNode next = body.get("@odata.nextLink");
            return new RecipientPage(recipients, next == null || next.isNull() ? null : next.asText());
        } catch (IOException e) {
            throw new IllegalStateException("activity-service answered unreadable JSON: " + e.getMessage(), e);
        }
    }

    static Recipient recipient(String table, JsonNode row, Predicate<String> columns) {
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            // Only what the template can insert: plain values of its columns, no annotations, nulls left out to keep
            // pages small.
            if (!field.getKey().contains("@") && value.isValueNode() && !value.isNull()
                    && columns.test(field.getKey())) {
                fields.add(new Field(field.getKey(), value.asText()));
            }
        }
        String address = row.path("emailaddress1").isTextual() ? row.get("emailaddress1").asText().strip() : null;
        return new Recipient(UUID.fromString(row.path(table + "id").asText()), table,
                address == null || address.isEmpty() ? null : address,
                row.path("donotemail").asBoolean(false), row.path("donotbulkemail").asBoolean(false), fields);
    }

    /** The table of an entity set the query API pages: contact, account or lead (null for any other). */
    public static String tableOf(String entitySet) {
        return TABLES.get(entitySet.toLowerCase(Locale.ROOT));
    }
}
