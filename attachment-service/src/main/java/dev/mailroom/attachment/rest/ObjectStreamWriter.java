package dev.mailroom.attachment.rest;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import dev.mailroom.attachment.storage.ObjectReader;
import dev.mailroom.attachment.storage.ObjectStream;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a download: the S3 response's body is piped onto the client's response, buffer by buffer as Netty reads
 * them, pausing S3 while the client's socket is full and resuming on drain. The request stays suspended until the
 * last byte is written. A failure after the status was sent can only cut the connection, which the client sees as
 * a short body (Content-Length is sent).
 */
@Provider
public class ObjectStreamWriter implements ServerMessageBodyWriter<ObjectStream> {

    private static final Logger LOG = Logger.getLogger(ObjectStreamWriter.class);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return ObjectStream.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return ObjectStream.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(ObjectStream object, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context;
        request.suspend();
        HttpServerResponse response = request.unwrap(RoutingContext.class).response();
        HttpClientResponse source = object.response();
        // The length S3 declares for what it sends (the slice, for a range); Quarkus leaves this header to writers.
        if (object.length() >= 0) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(object.length()));
        } else {
            response.setChunked(true);
        }
        source.exceptionHandler(failure -> {
            LOG.warnf("A download was cut: S3 failed mid-stream (%s)", failure.toString());
            response.reset();
            request.resume();
        });
        // The client went away mid-download: drop the S3 connection rather than drain the rest of the object.
        response.closeHandler(ignored -> {
            if (!response.ended()) {
                source.request().reset();
                request.resume();
            }
        });
        source.handler(buffer -> {
            write(response, buffer);
            if (response.writeQueueFull()) {
                source.pause();
                response.drainHandler(drained -> source.resume());
            }
        });
        source.endHandler(ended -> {
            response.end();
            request.resume();
        });
        source.resume();
    }

    /**
     * A buffer read straight from the S3 socket (ObjectReader's READ_BUFFERS) is written as it is and released once
     * Netty has written it (or failed to); Vert.x leaves its release to whoever holds it.
     */
    private static void write(HttpServerResponse response, Buffer buffer) {
        ByteBuf bytes = buffer instanceof BufferImpl impl ? impl.byteBuf() : null;
        if (bytes != null && ObjectReader.ownedByWriter(bytes)) {
            response.write(buffer, written -> bytes.release());
        } else {
            response.write(buffer);
        }
    }

    @Override
    public void writeTo(ObjectStream object, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new UnsupportedOperationException("A download is written only by writeResponse");
    }
}
