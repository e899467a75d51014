package dev.mailroom.activity.attachments;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.model.DependentRows;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.tables.AttachmentTables;

/**
 * Deleting an email (or any other table {@code objectid} can point at, templates included) deletes its attachment
 * rows, as Dataverse's cascade does; files still used by another row stay.
 */
@ApplicationScoped
public class AttachmentCascade implements DependentRows {

    private final AttachmentFiles files;

    public AttachmentCascade(AttachmentFiles files) {
        this.files = files;
    }

    @Override
    public void parentDeleting(TableDef parent, UUID id) {
        if (AttachmentTables.objectLookup().targetByTable(parent.logicalName()).isPresent()) {
            files.deleteAllOf(id);
        }
    }
}
