package dev.mailroom.bulkmail.fanout;

import java.util.UUID;

/**
 * A job whose template cannot make an email: it does not compile, runs away (recursion, output over the render
 * limits) or renders an email too large to publish. Deterministic, so retrying the page would only repeat it.
 */
public class UnrenderableJobException extends RuntimeException {

    private final transient UUID jobId;

    public UnrenderableJobException(UUID jobId, RuntimeException cause) {
        super(friendly(cause), cause);
        this.jobId = jobId;
    }

    public UUID jobId() {
        return jobId;
    }

    private static String friendly(RuntimeException cause) {
        return cause instanceof IllegalArgumentException
                ? "The template renders an email too large to send in bulk."
                : "The template could not be rendered: " + cause.getMessage();
    }
}
