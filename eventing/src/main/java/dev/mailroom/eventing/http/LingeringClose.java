package dev.mailroom.eventing.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes the connection of a request refused before its body was read, the way web servers do ("lingering close"):
 * the refusal is written first, then whatever body still arrives is read and thrown away, and the connection is
 * closed when the body ends, when nothing has arrived for {@link #IDLE_MILLIS}, or after {@link #MAX_MILLIS} at the
 * latest.
 * <p>
 * Closing at once would lose the answer for most clients: one still writing its body gets a reset ("broken pipe")
 * instead of reading the 413 waiting for it. Waiting for the whole declared body would let a client hold the
 * connection for as long as it likes. Reading is cheap (nothing is kept), and bounded by the two timers.
 */
public final class LingeringClose {

    /** How long the connection stays open without a byte of body arriving. */
    public static final long IDLE_MILLIS = 2_000;
    /** How long the connection stays open at most, however steadily the body arrives. */
    public static final long MAX_MILLIS = 30_000;

    private final Vertx vertx;
    private final HttpServerRequest request;
    private long idleTimer;
    private final long maxTimer;
    private boolean closed;

    private LingeringClose(Vertx vertx, HttpServerRequest request) {
        this.vertx = vertx;
        this.request = request;
        this.maxTimer = vertx.setTimer(MAX_MILLIS, id -> close());
        this.idleTimer = vertx.setTimer(IDLE_MILLIS, id -> close());
    }

    /** Call once the refusal has been written; from then on the body is discarded until the connection closes. */
    public static void after(Vertx vertx, HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        LingeringClose lingering = new LingeringClose(vertx, request);
        request.handler(chunk -> lingering.bodyArrived());
        request.endHandler(end -> lingering.close());
        request.exceptionHandler(failure -> lingering.close());
        request.resume();
    }

    private void bodyArrived() {
        if (!closed) {
            vertx.cancelTimer(idleTimer);
            idleTimer = vertx.setTimer(IDLE_MILLIS, id -> close());
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(idleTimer);
        vertx.cancelTimer(maxTimer);
        request.connection().close();
    }
}
