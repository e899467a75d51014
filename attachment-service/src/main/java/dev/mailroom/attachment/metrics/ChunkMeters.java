package dev.mailroom.attachment.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Drops the HTTP layer's per-read and per-write byte summaries ({@code http.server.bytes.read/written},
 * {@code http.client.bytes.read/written}): Quarkus records one sample, with an exemplar, for every buffer a
 * connection reads or writes, and a blob moves in thousands of buffers, so they cost the event loop about a tenth of
 * its samples while a blob moved (JFR) and say only how large Netty's reads were. Requests are still timed and
 * counted ({@code http_server_requests_seconds}), and the blob store's own size is {@link BlobStoreGauges}'.
 */
@Singleton
public class ChunkMeters {

    @Produces
    @Singleton
    MeterFilter withoutPerBufferByteSummaries() {
        return MeterFilter.deny(meter -> meter.getName().startsWith("http.")
                && (meter.getName().endsWith(".bytes.read") || meter.getName().endsWith(".bytes.written")));
    }
}
