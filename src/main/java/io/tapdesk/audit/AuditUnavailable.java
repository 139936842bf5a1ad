package io.tapdesk.audit;

/** The audit trail could not be written. Whatever needed the row must not happen (fail closed). */
public class AuditUnavailable extends RuntimeException {

    public AuditUnavailable(Throwable cause) {
        super("The audit trail could not be written", cause);
    }

    protected AuditUnavailable(String message) {
        super(message);
    }

    /** True when the chain is damaged (a person must investigate), false when the database is merely away. */
    public boolean damaged() {
        return this instanceof AuditDamaged;
    }
}
