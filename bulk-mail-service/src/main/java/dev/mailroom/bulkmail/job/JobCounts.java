package dev.mailroom.bulkmail.job;

/** A job's counts: recipients read, emails created, recipients skipped. */
public record JobCounts(int total, int created, int skipped) {

    /** The sentence a person reads on the asyncoperation. */
    public String describe(BulkJob.State state) {
        String counts = total + " recipients: " + created + " emails created, " + skipped + " skipped";
        return switch (state) {
            case RUNNING -> "Creating emails. " + counts + " so far.";
            case COMPLETED -> "Bulk email completed. " + counts + ".";
            case CANCELED -> "Bulk email canceled. " + counts + " before it stopped.";
            case FAILED -> "Bulk email failed. " + counts + ".";
        };
    }
}
