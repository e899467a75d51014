package dev.mailroom.bulkmail.job;

import java.util.UUID;

/**
 * A bulk job as bulk-mail-service keeps it: the request (copied from BulkMailRequested), where paging stands and the
 * job's state.
 *
 * @param nextPage the URL of the next page of recipients still to read, null once paging is done
 */
public record BulkJob(UUID jobId, UUID senderId, String senderType, String senderAddress, UUID templateId,
        String templateSubject, String templateBody, String regardingType, UUID regardingId, String entitySet,
        String filter, String nextPage, int pagesPublished, boolean pagingDone, State state) {

    /** Where a job stands; only a RUNNING job reads or fans out pages. */
    public enum State {
        RUNNING, COMPLETED, FAILED, CANCELED
    }
}
