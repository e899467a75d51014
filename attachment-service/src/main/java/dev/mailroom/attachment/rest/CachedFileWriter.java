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

import dev.mailroom.attachment.cache.CachedFile;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a download from a local copy with Vert.x's {@code sendFile}: over plain HTTP Netty hands the file to the
 * kernel ({@code sendfile(2)}), so its bytes never enter this process. The copy's lease
 * is released when the send ends, whether it completed or the client left.
 */
@Provider
public class CachedFileWriter implements ServerMessageBodyWriter<CachedFile> {

    private static final Logger LOG = Logger.getLogger(CachedFileWriter.class);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return CachedFile.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return CachedFile.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(CachedFile file, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context;
        request.suspend();
        HttpServerResponse response = request.unwrap(RoutingContext.class).response();
        response.sendFile(file.lease().file().toString(), file.offset(), file.length()).onComplete(sent -> {
            file.lease().release();
            if (sent.failed()) {
                LOG.debugf("A download from a local copy ended early: %s", sent.cause().toString());
                if (!response.ended()) {
                    response.reset();
                }
            }
            request.resume();
        });
    }

    @Override
    public void writeTo(CachedFile file, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new UnsupportedOperationException("A download from a local copy is written only by writeResponse");
    }
}
