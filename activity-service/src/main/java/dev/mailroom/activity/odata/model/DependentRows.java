package dev.mailroom.activity.odata.model;

import java.util.UUID;

/**
 * Rows of another table that live and die with a parent row they cannot reference by foreign key (a polymorphic
 * lookup such as an attachment's {@code objectid}). CDI beans implementing it are called before any row is
 * deleted, in the delete's transaction, and remove what belongs to it.
 */
public interface DependentRows {

    void parentDeleting(TableDef parent, UUID id);
}
