package dev.mailroom.activity.tables;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.inject.spi.CDI;

import dev.mailroom.activity.bulk.BulkMailJobs;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.RowStore;
import dev.mailroom.activity.odata.model.TableRules;

/**
 * What a client may do to a system job: cancel it (statuscode 22 Canceling) while it has not completed, or delete
 * it once it has. A canceled bulk job is told to bulk-mail-service, which stops its remaining pages and reports it
 * Canceled (32).
 */
final class AsyncOperationRules implements TableRules {

    static final int CANCELING = 22;
    private static final int STATE_LOCKED = 2;
    private static final int STATE_COMPLETED = 3;
    private static final Set<Integer> CANCELABLE = Set.of(0, 10, 20, 21, CANCELING);

    @Override
    public void checkCreate(Map<String, Object> values) {
        throw DataverseError.METHOD_NOT_ALLOWED.withMessage("The 'Create' method does not support entities of type "
                + "'asyncoperation': system jobs are started by the messages that need them (e.g. SendBulkMail).");
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        Object status = changes.get("statuscode");
        if (status == null) {
            return;
        }
        if (((Number) status).intValue() != CANCELING) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A system job's statuscode can only be set to 22 "
                    + "(Canceling); the service moves it otherwise.");
        }
        int now = ((Number) current.get("statuscode")).intValue();
        if (!CANCELABLE.contains(now)) {
            throw DataverseError.INVALID_OPERATION.withMessage("The system job has completed (statuscode " + now
                    + ") and cannot be canceled.");
        }
        changes.put("statecode", STATE_LOCKED);
    }

    @Override
    public void checkDelete(Map<String, Object> current) {
        if (((Number) current.get("statecode")).intValue() != STATE_COMPLETED) {
            throw DataverseError.INVALID_OPERATION.withMessage("Only a completed system job can be deleted; cancel "
                    + "it first.");
        }
    }

    @Override
    public void afterUpdate(UUID id, RowStore store) {
        // Only statuscode is writable, so this update canceled the job unless the row says otherwise; the no-op
        // update answers that without reading the row back.
        int cancelingBulkJob = store.execute("UPDATE asyncoperation SET statecode = statecode WHERE asyncoperationid"
                + " = ? AND statuscode = ? AND operationtype = ?", List.of(id, CANCELING,
                        BulkMailJobs.OPERATION_TYPE_BULK_EMAIL));
        if (cancelingBulkJob == 1) {
            // Rules are plain objects built with the table registry; the job service is a CDI bean that joins the
            // same transaction.
            CDI.current().select(BulkMailJobs.class).get().cancel(id);
        }
    }
}
