package dev.mailroom.bulkmail.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A bulk job as bulk-mail-service keeps it: the request (copied from BulkMailRequested), where paging stands and the
 * job's state.
 *
 * @param nextPage the URL of the next page of recipients still to read, null once paging is done
 * @param startedAt when the job was requested, as stored with it: the time part of its emails' ids
 *     ({@code BulkEmailIds}), the same on every instance
 */
public record BulkJob(UUID jobId, UUID senderId, String senderType, String senderAddress, UUID templateId,
        String templateSubject, String templateBody, String regardingType, UUID regardingId, String entitySet,
        String filter, String nextPage, int pagesPublished, boolean pagingDone, State state,
        Instant startedAt) {

    /** Where a job stands; only a RUNNING job reads or fans out pages. */
    public enum State {
        RUNNING, COMPLETED, FAILED, CANCELED
    }
}
