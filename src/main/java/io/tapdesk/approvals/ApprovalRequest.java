package io.tapdesk.approvals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pass request waiting for, or past, a second person's decision. Never a pass value.
 *
 * @param replacePassId the id of the person's working pass the requester agreed to replace; null when there was none
 * @param seen          what the approver saw about the person when approving (docs/approvals.md §2); null until then
 * @param sentBack      what had changed when an approved request was last sent back for approval; empty if never
 * @param recipientKind a hand-over's recipient ({@code manager} or {@code person}, issue 19), or null: the caller
 *                      receives the pass
 * @param recipientId   the recipient's Entra object id as read when the request was made (null without a recipient)
 * @param recipientName the recipient's display name then (the approver's pages show it)
 */
public record ApprovalRequest(long id, Instant createdAt, String requesterOid, String requesterUpn, String targetId,
                              String targetUpn, String targetName, int lifetimeMinutes, boolean oneTime, Instant startAt,
                              String ticket, String verificationMethod, String verificationNote, List<String> reasons,
                              RequestState state, String decidedByUpn, Instant decidedAt, String decisionReason,
                              Instant issuedAt, String replacePassId, ApprovalSnapshot seen,
                              List<ApprovalSnapshot.Change> sentBack, String recipientKind, String recipientId,
                              String recipientName) {

    public ApprovalRequest {
        reasons = List.copyOf(reasons);
        sentBack = List.copyOf(sentBack);
    }

    /** Still open: waiting for a decision, or approved and neither issued, withdrawn nor expired. */
    public boolean open(Instant now, Duration issueWithin) {
        RequestState shown = shownState(now, issueWithin);
        return shown == RequestState.PENDING || shown == RequestState.APPROVED;
    }

    /** The stored state, or {@link RequestState#EXPIRED} for an approval not used within {@code issueWithin}. */
    public RequestState shownState(Instant now, Duration issueWithin) {
        if (state == RequestState.APPROVED && decidedAt != null && !now.isBefore(decidedAt.plus(issueWithin))) {
            return RequestState.EXPIRED;
        }
        return state;
    }

    public Instant expiresAt(Duration issueWithin) {
        return decidedAt == null ? null : decidedAt.plus(issueWithin);
    }

    /** Whether an approved issue makes a hand-over (the requester never sees the pass) rather than a pass. */
    public boolean handOver() {
        return recipientKind != null;
    }

    public boolean requestedBy(String operatorOid) {
        return requesterOid.equalsIgnoreCase(operatorOid);
    }

    /** Whether the pass would be for this operator's own account. */
    public boolean isFor(String operatorOid) {
        return targetId.equalsIgnoreCase(operatorOid);
    }
}
