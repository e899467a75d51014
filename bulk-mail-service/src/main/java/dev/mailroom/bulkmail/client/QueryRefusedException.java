package dev.mailroom.bulkmail.client;

/** activity-service refused the recipient query (a 4xx): retrying cannot help, the job fails with its message. */
public class QueryRefusedException extends RuntimeException {

    public QueryRefusedException(String message) {
        super(message);
    }
}
