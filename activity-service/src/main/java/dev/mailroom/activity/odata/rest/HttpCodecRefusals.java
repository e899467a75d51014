package dev.mailroom.activity.odata.rest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.http.CodecRefusals;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.VertxOptions;

/**
 * What the HTTP codec refuses before any route runs (a request line or header block over the codec's limits, input
 * that is not HTTP/1.x, ambiguous framing) gets Dataverse's error body like every other refusal ({@link
 * CodecRefusals}; the routes' own refusals are {@link HttpRefusals}). Applied when Quarkus builds Vert.x.
 */
@ApplicationScoped
public class HttpCodecRefusals implements VertxOptionsCustomizer {

    @Override
    public void accept(VertxOptions options) {
        CodecRefusals.installInto(options, HttpRefusals::write);
    }
}
