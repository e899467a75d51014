package dev.mailroom.eventing.outbox;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/** What became of one outbox row sent to Kafka: acknowledged, refused for good, or failed for now. */
record Delivery(OutboxEvent row, Throwable failure) {

    static Delivery acknowledged(OutboxEvent row) {
        return new Delivery(row, null);
    }

    boolean isAcknowledged() {
        return failure == null;
    }

    /** Kafka refused the record itself: sending it again can only fail again. */
    boolean isRefused() {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException || failure instanceof InvalidTopicException;
    }

    /** Neither acknowledged nor refused (broker away, timeout): the row stays and is sent again later. */
    boolean isPending() {
        return !isAcknowledged() && !isRefused();
    }

    String reason() {
        return failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
