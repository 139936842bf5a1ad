package io.tapdesk.verification;

import java.time.Instant;
import java.util.UUID;

/**
 * One check of the caller, as TapDesk recorded it: bound to the operator who made it and the person checked.
 *
 * @param evidence  what was checked ("call-back to +31 6 1234 5678", "manager adele@… confirmed: …"), never a secret
 * @param expires   after this it allows nothing ({@code tapdesk.verification.lifetime} after {@code created})
 * @param claimedBy the action that holds or consumed it ("issue", "request 42"), null while usable
 * @param consumed  when that action made it spent for good; null while usable or claimed by an action under way
 */
public record CallerCheck(UUID id, String operatorId, String personId, CheckMethod method, CallerTier tier,
                          String evidence, Instant created, Instant expires, String claimedBy, Instant consumed) {

    public boolean usableAt(Instant now) {
        return claimedBy == null && now.isBefore(expires);
    }

    /** What the audit row records as the check: "callback" and the evidence with the check's id and tier. */
    public String auditNote() {
        return evidence + " [check " + id + ", " + tier.stored() + "]";
    }
}
