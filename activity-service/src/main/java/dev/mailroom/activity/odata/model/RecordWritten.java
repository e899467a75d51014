package dev.mailroom.activity.odata.model;

import java.util.UUID;

/**
 * A CDI event the engine fires, inside the writing transaction, after it created or updated a row: how
 * per-table behaviour that needs other beans (the outbox) hooks in without the engine naming a table.
 */
public record RecordWritten(String table, UUID id, boolean created) {
}
