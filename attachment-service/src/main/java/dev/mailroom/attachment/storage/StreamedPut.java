package dev.mailroom.attachment.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * One PUT whose body is the client's upload as it arrives: S3 receives the bytes while the client is still sending
 * them, instead of after the whole body has been read into memory. The last buffer is held back: the object can
 * only come into existence once the caller, having checked the hash of everything read, calls {@link #finish()}.
 * {@link #abortUnlessFinished()} cuts the connection before the body is complete; an S3 server never stores a PUT
 * whose body ended short of its Content-Length (BlobStoreTest proves it against the real server), so nothing is
 * left, not even over an object already stored under the same key.
 *
 * <p>The body is read and written on OkHttp's thread (a one-shot request body, never sent twice); the caller's
 * thread waits in {@link #awaitLastBuffer()}. The memory it takes is one buffer of {@value #BUFFER} bytes plus
 * OkHttp's socket buffer, whatever the body's size. Written by hand because neither the MinIO client nor OkHttp
 * has a request body that waits for a go-ahead before its last bytes.
 */
public final class StreamedPut {

    static final int BUFFER = 64 * 1024;

    private final InputStream source;
    private final long length;
    private final CompletableFuture<Void> lastBufferRead = new CompletableFuture<>();
    private final CompletableFuture<Boolean> goAhead = new CompletableFuture<>();
    private final CompletableFuture<Void> stored = new CompletableFuture<>();
    private volatile Call call;
    private volatile boolean sourceFailed;
    private boolean finished;

    StreamedPut(InputStream source, long length) {
        this.source = source;
        this.length = length;
    }

    /** The request body to sign and send: exactly {@code length} bytes of the source. */
    RequestBody body(String mimeType) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return mimeType == null ? null : MediaType.parse(mimeType);
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean isOneShot() {
                return true; // the source is read once: OkHttp must never retry with it
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                send(sink);
            }
        };
    }

    /** Sends the request; its outcome completes the futures the caller waits on. */
    void start(Call started) {
        this.call = started;
        started.enqueue(new Callback() {
            @Override
            public void onResponse(Call finishedCall, Response response) {
                try (response) {
                    if (response.isSuccessful()) {
                        stored.complete(null);
                    } else {
                        fail(new IOException("S3 answered " + response.code() + " to the PUT"));
                    }
                }
            }

            @Override
            public void onFailure(Call failedCall, IOException e) {
                fail(e);
            }
        });
    }

    private void fail(IOException e) {
        lastBufferRead.completeExceptionally(e);
        stored.completeExceptionally(e);
    }

    private void send(BufferedSink sink) throws IOException {
        try {
            byte[] buffer = new byte[BUFFER];
            long sent = 0;
            int n;
            while (true) {
                n = fill(buffer, (int) Math.min(buffer.length, length - sent));
                if (sent + n == length) {
                    break;
                }
                sink.write(buffer, 0, n);
                sent += n;
            }
            sink.flush();
            lastBufferRead.complete(null);
            if (!awaitGoAhead()) {
                throw new IOException("The PUT was abandoned before its last " + n + " bytes");
            }
            sink.write(buffer, 0, n);
        } catch (IOException | RuntimeException e) {
            cut();
            lastBufferRead.completeExceptionally(e);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /**
     * Reads exactly {@code wanted} bytes: the server's request stream gives a few KiB per read, and writing each
     * piece as it comes made a stream of small socket writes.
     */
    private int fill(byte[] buffer, int wanted) throws IOException {
        int filled = 0;
        while (filled < wanted) {
            filled += read(buffer, filled, wanted - filled);
        }
        return filled;
    }

    private int read(byte[] buffer, int offset, int wanted) throws IOException {
        int n;
        try {
            n = source.read(buffer, offset, wanted);
        } catch (IOException | RuntimeException e) {
            sourceFailed = true;
            throw e;
        }
        if (n < 0 || Boolean.FALSE.equals(goAhead.getNow(true))) {
            sourceFailed = n < 0;
            throw new EOFException(n < 0 ? "The body ended before its Content-Length" : "The PUT was abandoned");
        }
        return n;
    }

    private boolean awaitGoAhead() throws IOException {
        try {
            return goAhead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while holding the last buffer", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /**
     * Waits until every byte of the body has been read (and hashed) and all but the last buffer sent. A failure of
     * the storage or of the source is a {@link StorageUnavailableException}; {@link #sourceFailed()} tells which.
     */
    public void awaitLastBuffer() {
        try {
            ObjectWriter.join(lastBufferRead);
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not stream the body to S3", e);
        }
    }

    /** Whether the body, not S3, failed: the client's connection broke or its body ended short. */
    public boolean sourceFailed() {
        return sourceFailed;
    }

    /** Sends the last buffer and waits for S3 to store the object. */
    public void finish() {
        goAhead.complete(true);
        try {
            ObjectWriter.join(stored);
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store the streamed body", e);
        }
        finished = true;
    }

    /** Unless {@link #finish()} succeeded, cuts the request short: S3 keeps nothing of it. */
    public void abortUnlessFinished() {
        if (!finished) {
            goAhead.complete(false);
            cut();
        }
    }

    private void cut() {
        Call current = call;
        if (current != null) {
            current.cancel(); // closes the socket: the connection is never reused with a body half sent
        }
    }
}
