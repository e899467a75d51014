package dev.mailroom.events;

import java.time.Instant;
import java.util.UUID;

/** What every event payload carries first: its CloudEvent id and when the fact happened. */
public interface MailroomEvent {

    UUID eventId();

    Instant occurredAt();
}
