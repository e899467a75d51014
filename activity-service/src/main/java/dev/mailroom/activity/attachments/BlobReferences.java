package dev.mailroom.activity.attachments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

/**
 * Keeps attachment-service's reference counts in step with this service's transaction: a reference taken for a new
 * file is given back if the transaction rolls back, and one given up by a deleted file is released only once the
 * delete has committed. The calls cross a service boundary, so a crash between commit and call can leave one
 * reference too many (the blob is kept); never one too few (the bytes of a committed row are never collected).
 */
@ApplicationScoped
public class BlobReferences {

    private static final Logger LOG = Logger.getLogger(BlobReferences.class);

    private final TransactionSynchronizationRegistry transactions;
    private final AttachmentServiceClient client;

    public BlobReferences(TransactionSynchronizationRegistry transactions, AttachmentServiceClient client) {
        this.transactions = transactions;
        this.client = client;
    }

    /** Takes a reference now; gives it back if the current transaction does not commit. */
    public void take(String sha256) {
        client.addReference(sha256);
        transactions.registerInterposedSynchronization(after(sha256, false));
    }

    /** Releases a reference once the current transaction has committed. */
    public void releaseAfterCommit(String sha256) {
        transactions.registerInterposedSynchronization(after(sha256, true));
    }

    private Synchronization after(String sha256, boolean onCommit) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the outcome is known
            }

            @Override
            public void afterCompletion(int status) {
                if ((status == Status.STATUS_COMMITTED) == onCommit) {
                    try {
                        client.releaseReference(sha256);
                    } catch (RuntimeException e) {
                        LOG.warnf("Could not release a reference to blob %s (it is kept until released): %s",
                                sha256, e.getMessage());
                    }
                }
            }
        };
    }
}
