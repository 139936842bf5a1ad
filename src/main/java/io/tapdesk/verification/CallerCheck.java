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
 * @param bound     what the check covers when someone confirmed a particular request (the manager: a ticket, at most
 *                  a lifetime, one-time or not); null for a check that covers any request of its tier
 */
public record CallerCheck(UUID id, String operatorId, String personId, CheckMethod method, CallerTier tier,
                          String evidence, Instant created, Instant expires, String claimedBy, Instant consumed,
                          Bound bound) {

    /** The request a manager was shown and confirmed: this ticket, at most this many minutes, one-time or not. */
    public record Bound(String ticket, int lifetimeMinutes, boolean oneTime) {
    }

    /** What an action wants to use a check for: its ticket and its pass. */
    public record Use(String ticket, int lifetimeMinutes, boolean oneTime) {
    }

    /** Whether the check covers {@code use}: any use when not bound; else the same ticket, no longer, not more uses. */
    public boolean covers(Use use) {
        return bound == null || (bound.ticket().equalsIgnoreCase(use.ticket())
                && use.lifetimeMinutes() <= bound.lifetimeMinutes() && (!bound.oneTime() || use.oneTime()));
    }

    public boolean usableAt(Instant now) {
        return claimedBy == null && now.isBefore(expires);
    }

    /** What the audit row records as the check: "callback" and the evidence with the check's id and tier. */
    public String auditNote() {
        return evidence + " [check " + id + ", " + tier.stored() + "]";
    }
}
