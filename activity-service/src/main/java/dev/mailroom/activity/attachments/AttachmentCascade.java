package dev.mailroom.activity.attachments;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.model.DependentRows;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.tables.AttachmentTables;

/**
 * Deleting an email (or any other table {@code objectid} can point at, templates included) deletes its attachment
 * rows, as Dataverse's cascade does; files still used by another row stay. Deleting a bulk job's asyncoperation lets
 * go of the template files it held.
 */
@ApplicationScoped
public class AttachmentCascade implements DependentRows {

    private final AttachmentFiles files;
    private final BulkMailFiles bulkFiles;

    public AttachmentCascade(AttachmentFiles files, BulkMailFiles bulkFiles) {
        this.files = files;
        this.bulkFiles = bulkFiles;
    }

    @Override
    public void parentDeleting(TableDef parent, UUID id) {
        if (AttachmentTables.objectLookup().targetByTable(parent.logicalName()).isPresent()) {
            files.deleteAllOf(id);
        } else if (parent.logicalName().equals("asyncoperation")) {
            bulkFiles.release(id); // a bulk job's hold on its template's files
        }
    }
}
