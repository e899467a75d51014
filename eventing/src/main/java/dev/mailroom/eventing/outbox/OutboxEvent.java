package dev.mailroom.eventing.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/** One event waiting in the outbox; the relay publishes rows in id order and deletes them once acknowledged. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String source;

    public String subject;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String payload;

    /** The W3C trace context the event was written in; null outside a trace. */
    public String traceparent;

    public String tracestate;

    /**
     * The payload's UTF-8 bytes as the relay read them (the driver's bytes of the text column, which PostgreSQL sends
     * in the connection's UTF-8): the relay publishes them as they are instead of decoding a string only to encode it
     * again. Not a column; null on a row made here.
     */
    @Transient
    public byte[] payloadUtf8;

    /**
     * Where the relay read the row: its {@code ctid}, as text. Not a column: the relay deletes what Kafka acknowledged
     * by this address (a TID scan) instead of descending the primary key once per row.
     */
    @Transient
    public String location;

    /** The payload to publish: the bytes read, or the string's UTF-8 bytes. */
    public byte[] payloadBytes() {
        return payloadUtf8 != null ? payloadUtf8 : payload.getBytes(StandardCharsets.UTF_8);
    }
}
