package io.tapdesk.verification;

import io.tapdesk.audit.AuditLog;
import io.tapdesk.security.Operator;

/** The ticket the pass belongs to and how the caller was verified; recorded with the action. */
public record Verification(String ticket, String method, String note) {

    /** No check given (a refusal before the form was read). */
    public static final Verification NONE = new Verification(null, null, null);

    /** Who acts on whom, with this check: what every audit row of the action repeats. */
    public AuditLog.Context auditContext(Operator operator, String targetId, String targetUpn, String clientAddress) {
        return new AuditLog.Context(operator, targetId, targetUpn, ticket, method, note, clientAddress);
    }
}
