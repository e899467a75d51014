package dev.mailroom.activity.tables;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.mailroom.activity.attachments.AttachmentFiles;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.StreamedValue;
import dev.mailroom.activity.odata.model.TableRules;

import io.quarkus.arc.Arc;

/**
 * An attachment row's file lives in attachment-service, not in the row: {@code body} is streamed there on create
 * (or an existing {@code attachmentid} reused) and read back only when selected by name. The file and the owner of
 * a row never change; the owner's {@code attachmentcount} follows creates and deletes.
 */
final class AttachmentRules implements TableRules {

    private static final Set<String> FIXED = Set.of("body", "filename", "mimetype", "objectid", "objecttypecode",
            "attachmentid");

    @Override
    public void beforeInsert(Map<String, Object> values, Map<String, List<Map<String, Object>>> children) {
        files().attach(values);
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        if (changes.keySet().stream().anyMatch(FIXED::contains)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The file and the owner of an attachment cannot be "
                    + "changed; create a new attachment (reusing 'attachmentid' costs no copy) and delete this one.");
        }
    }

    @Override
    public void checkDelete(Map<String, Object> current) {
        files().checkDetach(current);
    }

    @Override
    public void afterDelete(UUID id, Map<String, Object> deleted) {
        files().detached(deleted);
    }

    @Override
    public Set<String> filledOnRead() {
        return Set.of("body");
    }

    @Override
    public void afterRead(List<Map<String, Object>> rows, Set<String> selected) {
        Map<UUID, String> bodies = files().bodies(rows.stream()
                .map(row -> (UUID) row.get("activitymimeattachmentid")).toList());
        rows.forEach(row -> row.put("body", bodies.get((UUID) row.get("activitymimeattachmentid"))));
    }

    @Override
    public StreamedValue openValue(UUID id, String column) {
        return files().openBody(id);
    }

    /** The rules are declared statically with their table; the file service is a bean of the running app. */
    private static AttachmentFiles files() {
        return Arc.container().instance(AttachmentFiles.class).get();
    }
}
