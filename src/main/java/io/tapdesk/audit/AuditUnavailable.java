package io.tapdesk.audit;

/** The audit trail could not be written. Whatever needed the row must not happen (fail closed). */
public class AuditUnavailable extends RuntimeException {

    public AuditUnavailable(Throwable cause) {
        super("The audit trail could not be written", cause);
    }
}
