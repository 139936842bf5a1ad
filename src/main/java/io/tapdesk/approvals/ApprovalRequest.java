package io.tapdesk.approvals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A pass request waiting for, or past, a second person's decision. Never a pass value. */
public record ApprovalRequest(long id, Instant createdAt, String requesterOid, String requesterUpn, String targetId,
                              String targetUpn, String targetName, int lifetimeMinutes, boolean oneTime, Instant startAt,
                              String ticket, String verificationMethod, String verificationNote, List<String> reasons,
                              String state, String decidedByUpn, Instant decidedAt, String decisionReason, Instant issuedAt) {

    /** pending, approved, rejected, issued, or expired (an approval not used within {@code issueWithin}). */
    public String shownState(Instant now, Duration issueWithin) {
        if ("approved".equals(state) && decidedAt != null && !now.isBefore(decidedAt.plus(issueWithin))) {
            return "expired";
        }
        return state;
    }

    public Instant expiresAt(Duration issueWithin) {
        return decidedAt == null ? null : decidedAt.plus(issueWithin);
    }
}
