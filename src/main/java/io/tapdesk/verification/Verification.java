package io.tapdesk.verification;

import java.util.UUID;

import io.tapdesk.audit.AuditLog;
import io.tapdesk.security.Operator;

/**
 * The ticket an action belongs to and the check of the caller it rests on, as every audit row of the action repeats
 * them.
 *
 * @param method  the check's method ({@link CheckMethod#stored()}), null before a check was claimed
 * @param note    the check's evidence with its id and tier ({@link CallerCheck#auditNote()})
 * @param checkId the claimed {@link CallerCheck}, null when none was claimed (a refusal before, an approved request)
 */
public record Verification(String ticket, String method, String note, UUID checkId) {

    /** No check given (a refusal before the form was read). */
    public static final Verification NONE = new Verification(null, null, null, null);

    /** A ticket before any check was claimed. */
    public static Verification ticketOnly(String ticket) {
        return new Verification(ticket, null, null, null);
    }

    /** The ticket and the check claimed for the action. */
    public static Verification of(String ticket, CallerCheck check) {
        return new Verification(ticket, check.method().stored(), check.auditNote(), check.id());
    }

    /** Who acts on whom, with this check: what every audit row of the action repeats. */
    public AuditLog.Context auditContext(Operator operator, String targetId, String targetUpn, String clientAddress) {
        return new AuditLog.Context(operator, targetId, targetUpn, ticket, method, note, clientAddress);
    }
}
