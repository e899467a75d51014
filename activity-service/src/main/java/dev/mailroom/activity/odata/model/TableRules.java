package dev.mailroom.activity.odata.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a table checks or derives beyond its column declarations (state pairs, derived text columns). The engine
 * calls these inside the write's transaction.
 */
public interface TableRules {

    TableRules NONE = new TableRules() {
    };

    /** Checks a new row's values (defaults applied) before it is inserted; throws a DataverseException to refuse. */
    default void checkCreate(Map<String, Object> values) {
    }

    /** Checks an update against the row as it is now (locked); throws a DataverseException to refuse. */
    default void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
    }

    /**
     * Called when {@code lookup} is bound to a row whose email address (if its table has one) is {@code address};
     * lets a party take the address it will be sent to.
     */
    default void onBind(Map<String, Object> values, LookupDef lookup, String address) {
    }

    /** Checks a delete against the row as it is now; throws a DataverseException to refuse. */
    default void checkDelete(Map<String, Object> current) {
    }

    /**
     * Completes a new row from itself and its deep-inserted children (by relation name) before anything is
     * written: derived columns cost no extra statement.
     */
    default void beforeInsert(Map<String, Object> values, Map<String, List<Map<String, Object>>> children) {
    }

    /**
     * Checks an update that replaces the row's related records ({@code children}, by relation name, each row
     * already checked by its own table's rules) and derives the row's columns from them into {@code changes}.
     * Refuses by default: a table allows it by overriding this (an email's party list, as Dataverse does).
     */
    default void beforeReplaceChildren(Map<String, Object> current, Map<String, Object> changes,
            Map<String, List<Map<String, Object>>> children) {
        throw dev.mailroom.activity.error.DataverseError.INVALID_ARGUMENT.withMessage("Related records ("
                + String.join(", ", children.keySet()) + ") cannot be written by an update of this table; "
                + "create them with the record or on their own.");
    }

    /** Runs after an update of the row (derived columns that follow the changed ones). */
    default void afterUpdate(UUID id, RowStore store) {
    }

    /** Runs after a new row (and its children) is inserted, in the same transaction. */
    default void afterInsert(UUID id, RowStore store) {
    }

    /** Adjusts an update's changes after {@link #checkUpdate} accepted them (e.g. seals a secret column). */
    default void beforeUpdate(Map<String, Object> current, Map<String, Object> changes) {
    }

    /** Runs after a row is deleted, in the same transaction; {@code deleted} is the row as it was. */
    default void afterDelete(UUID id, Map<String, Object> deleted) {
    }

    /**
     * Columns kept outside the SQL row (an attachment's {@code body}): never selected in SQL, left out of a read
     * without $select, and filled by {@link #afterRead} when a client selects them by name.
     */
    default Set<String> filledOnRead() {
        return Set.of();
    }

    /** Fills the {@link #filledOnRead} columns among {@code selected} into rows just read. */
    default void afterRead(List<Map<String, Object>> rows, Set<String> selected) {
    }

    /** A {@link #filledOnRead} column's raw value ({@code <set>(<id>)/<column>/$value}) as a stream. */
    default StreamedValue openValue(UUID id, String column) {
        throw new UnsupportedOperationException(column + " has no streamed value");
    }

    /**
     * Whether creates of this table may be checked outside the transaction that writes them and written in one
     * shared with other requests (group commit): true only for rules whose checks and {@link #beforeInsert} read
     * and compute, and neither write nor hook into the transaction. {@link #afterInsert} runs in the shared one.
     */
    default boolean groupCommit() {
        return false;
    }
}
