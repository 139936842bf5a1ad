package io.tapdesk.approvals;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.security.Operator;
import io.tapdesk.verification.Verification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Four eyes: a caught request is stored (nothing goes to Graph), a different person approves or rejects it, and the
 * requester issues it once with their own sign-in within {@code tapdesk.approval.issue-within} (through the issuing use
 * case, which claims the approval here). Each step is audited in the same transaction as the state change.
 */
@Service
public class Approvals {

    public enum Decision { DECIDED, NOT_FOUND, OWN_REQUEST, OWN_ACCOUNT, NOT_PENDING }

    /** Whether an approval may be (or was) taken for an issue: OK, no such request of yours, not approved (or used already), or expired. */
    public enum Claim { OK, NOT_FOUND, NOT_APPROVED, EXPIRED }

    private final ApprovalStore store;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ApprovalProperties properties;
    private final Clock clock;

    Approvals(ApprovalStore store, AuditLog audit, TransactionTemplate transactions, ApprovalProperties properties,
              Clock clock) {
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores a request and its audit row in one transaction.
     *
     * @param replacePassId the person's working pass the requester agreed to replace, or null
     * @throws AuditUnavailable or a {@code DataAccessException} when it could not be stored
     */
    public long request(Operator requester, DirectoryUser target, PassRequest request, Verification verification,
                        List<String> reasons, String replacePassId, String clientAddress) {
        Long id = transactions.execute(status -> {
            long created = store.create(requester, target, request, verification, reasons, replacePassId, clock.instant());
            audit.event(AuditAction.REQUEST, AuditOutcome.PENDING, verification.auditContext(requester, target.id(), target.userPrincipalName(), clientAddress),
                    "request #" + created + ": " + String.join(",", reasons));
            return created;
        });
        return id == null ? 0 : id;
    }

    public Decision decide(long id, Operator approver, boolean approve, String reason, String clientAddress) {
        Optional<ApprovalRequest> found = store.find(id);
        if (found.isEmpty()) {
            return Decision.NOT_FOUND;
        }
        if (found.get().requestedBy(approver.objectId())) {
            return Decision.OWN_REQUEST;
        }
        if (found.get().isFor(approver.objectId())) {
            // four eyes means nobody approves a pass for their own account, whoever asked for it
            return Decision.OWN_ACCOUNT;
        }
        Boolean done = transactions.execute(status -> {
            if (!store.decide(id, approver, approve, reason, clock.instant())) {
                return false;
            }
            var r = found.get();
            audit.event(approve ? AuditAction.APPROVE : AuditAction.REJECT, approve ? AuditOutcome.APPROVED : AuditOutcome.REJECTED,
                    new AuditLog.Context(approver, r.targetId(), r.targetUpn(), r.ticket(), null, reason, clientAddress),
                    "request #" + id + " by " + r.requesterUpn());
            return true;
        });
        return Boolean.TRUE.equals(done) ? Decision.DECIDED : Decision.NOT_PENDING;
    }

    /** The request, if it exists and {@code requester} asked for it (nobody else may issue it). */
    public Optional<ApprovalRequest> requestOf(long id, Operator requester) {
        return store.find(id).filter(r -> r.requestedBy(requester.objectId()));
    }

    /** What the request's state allows now: only an approved, unexpired request may be issued. */
    public Claim usable(ApprovalRequest request) {
        return switch (request.shownState(clock.instant(), properties.issueWithin())) {
            case APPROVED -> Claim.OK;
            case EXPIRED -> Claim.EXPIRED;
            default -> Claim.NOT_APPROVED;
        };
    }

    /**
     * Takes the approval for one issue: approved to issued, once, by its requester, before it expires (one
     * conditional UPDATE, so two tabs cannot both win). An expired approval is audited.
     */
    public Claim claim(ApprovalRequest request, AuditLog.Context context) {
        Instant now = clock.instant();
        if (store.claimForIssue(request.id(), request.requesterOid(), now, now.minus(properties.issueWithin()))) {
            return Claim.OK;
        }
        if (usable(store.find(request.id()).orElse(request)) == Claim.EXPIRED) {
            recordExpired(request, context);
            return Claim.EXPIRED;
        }
        return Claim.NOT_APPROVED;
    }

    /** An attempt to issue after the approval expired: audited, nothing sent. */
    public void recordExpired(ApprovalRequest request, AuditLog.Context context) {
        audit.eventIfPossible(AuditAction.ISSUE, AuditOutcome.EXPIRED, context,
                "request #" + request.id() + " approved too long ago");
    }

    /** No pass was made (Graph refused, a limit, the audit trail away): the approval may be used again. */
    public void release(long id) {
        store.release(id);
    }

    /** The request's last step, beside the issue's own intent and outcome rows. */
    public void recordIssued(ApprovalRequest request, AuditLog.Context context, boolean outcomeKnown) {
        audit.eventIfPossible(AuditAction.REQUEST, outcomeKnown ? AuditOutcome.ISSUED : AuditOutcome.UNKNOWN, context,
                "request #" + request.id() + " issued by its requester");
    }

    public Optional<ApprovalRequest> find(long id) {
        return store.find(id);
    }

    public List<ApprovalRequest> queueFor(Operator approver) {
        return store.pendingFor(approver.objectId());
    }

    public List<ApprovalRequest> decidedBy(Operator approver) {
        return store.decidedBy(approver.objectId());
    }

    public List<ApprovalRequest> requestedBy(Operator requester) {
        return store.requestedBy(requester.objectId());
    }

    public ApprovalProperties properties() {
        return properties;
    }

    public Instant now() {
        return clock.instant();
    }
}
