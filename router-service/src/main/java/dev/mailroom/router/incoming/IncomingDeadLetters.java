package dev.mailroom.router.incoming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.mailroom.events.Topics;
import dev.mailroom.router.service.DeliveryMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Moves incoming messages that cannot be read to {@link Topics#EMAIL_INCOMING_DLQ}: the raw message as the server
 * returned it, keyed by mailbox id, with why and where from. The poller publishes a chunk's dead letters before it
 * commits the checkpoint past them, so none is lost (a crash in between may copy one twice: it is a dead letter).
 */
@ApplicationScoped
public class IncomingDeadLetters {

    static final String REASON = "dlq-reason";
    static final String MAILBOX = "dlq-mailbox-id";
    static final String SERVER_KEY = "dlq-server-key";

    private static final Logger LOG = Logger.getLogger(IncomingDeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final DeliveryMetrics metrics;

    public IncomingDeadLetters(@Channel(Topics.EMAIL_INCOMING_DLQ) MutinyEmitter<byte[]> emitter,
            DeliveryMetrics metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /** A message of a mailbox and why it cannot be delivered, with its raw bytes taken while the folder is open. */
    public static Unreadable unreadable(UUID mailboxId, String serverKey, Message message, Exception cause) {
        String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause) {
            // Content handlers wrap the parser's complaint (multipart/report: "Exception while constructing ...").
            reason += " (" + root.getMessage() + ")";
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            message.writeTo(raw);
        } catch (Exception e) {
            // Even the raw bytes could not be read: the dead letter still says which message and why.
            reason += " (raw message unavailable: " + e.getMessage() + ")";
            raw.reset();
        }
        return new Unreadable(mailboxId, serverKey, reason, raw.toByteArray());
    }

    /** Publishes every unreadable message and returns once the broker acknowledged all of them. */
    public void publishAll(List<Unreadable> unreadable) {
        List<Uni<Void>> acks = new ArrayList<>();
        for (Unreadable entry : unreadable) {
            LOG.warnf("Message %s of mailbox %s goes to %s: %s", entry.serverKey(), entry.mailboxId(),
                    Topics.EMAIL_INCOMING_DLQ, entry.reason());
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON, entry.reason().getBytes(StandardCharsets.UTF_8));
            headers.add(MAILBOX, entry.mailboxId().toString().getBytes(StandardCharsets.UTF_8));
            headers.add(SERVER_KEY, entry.serverKey().getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(entry.mailboxId().toString()).withHeaders(headers).build();
            acks.add(emitter.sendMessage(org.eclipse.microprofile.reactive.messaging.Message.of(entry.raw())
                    .addMetadata(metadata)));
        }
        if (!acks.isEmpty()) {
            Uni.join().all(acks).andFailFast().await().indefinitely();
            metrics.incomingDeadLetters(unreadable.size());
        }
    }

    /** An incoming message that could not be read into an event. */
    public record Unreadable(UUID mailboxId, String serverKey, String reason, byte[] raw) {
    }
}
