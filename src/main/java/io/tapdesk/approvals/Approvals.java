package io.tapdesk.approvals;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.tapdesk.audit.AuditLog;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.passes.PassIssuer;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.verification.Verification;
import io.tapdesk.security.Operator;
import io.tapdesk.directory.DirectoryUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Four eyes: a caught request is stored (nothing goes to Graph), a different person approves or rejects it, and the
 * requester issues it once with their own sign-in within {@code tapdesk.approval.issue-within}. Each step is audited
 * in the same transaction as the state change.
 */
@Service
public class Approvals {

    public enum Decision { DECIDED, NOT_FOUND, OWN_REQUEST, NOT_PENDING }

    public enum Refusal { NOT_FOUND, NOT_APPROVED, EXPIRED }

    /** The outcome of issuing an approved request: refused before Graph, or what the issuer said. */
    public record IssueResult(Refusal refusal, PassIssuer.Outcome outcome, ApprovalRequest request) {
    }

    private final ApprovalStore store;
    private final AuditLog audit;
    private final PassIssuer issuer;
    private final TransactionTemplate transactions;
    private final ApprovalProperties properties;
    private final Clock clock;
    private final io.tapdesk.limits.PersonLock personLock;

    Approvals(ApprovalStore store, AuditLog audit, PassIssuer issuer, TransactionTemplate transactions,
              ApprovalProperties properties, Clock clock, io.tapdesk.limits.PersonLock personLock) {
        this.store = store;
        this.audit = audit;
        this.issuer = issuer;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.personLock = personLock;
    }

    public long request(Operator requester, DirectoryUser target, PassRequest request, Verification verification,
                        List<String> reasons, String clientAddress) {
        Long id = transactions.execute(status -> {
            long created = store.create(requester, target, request, verification, reasons, clock.instant());
            audit.event("request", "pending", verification.auditContext(requester, target.id(), target.userPrincipalName(), clientAddress),
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
        if (found.get().requesterOid().equalsIgnoreCase(approver.objectId())) {
            return Decision.OWN_REQUEST;
        }
        Boolean done = transactions.execute(status -> {
            if (!store.decide(id, approver, approve, reason, clock.instant())) {
                return false;
            }
            var r = found.get();
            audit.event(approve ? "approve" : "reject", approve ? "approved" : "rejected",
                    new AuditLog.Context(approver, r.targetId(), r.targetUpn(), r.ticket(), null, reason, clientAddress),
                    "request #" + id + " by " + r.requesterUpn());
            return true;
        });
        return Boolean.TRUE.equals(done) ? Decision.DECIDED : Decision.NOT_PENDING;
    }

    /** Issues an approved request, once, as its requester, with the requester's own token. */
    public IssueResult issue(long id, Operator requester, GraphToken token, String clientAddress) {
        Optional<ApprovalRequest> found = store.find(id).filter(r -> r.requesterOid().equalsIgnoreCase(requester.objectId()));
        if (found.isEmpty()) {
            return new IssueResult(Refusal.NOT_FOUND, null, null);
        }
        ApprovalRequest request = found.get();
        AuditLog.Context context = new Verification(request.ticket(), request.verificationMethod(), request.verificationNote())
                .auditContext(requester, request.targetId(), request.targetUpn(), clientAddress);
        Instant now = clock.instant();
        if (!store.claimForIssue(id, requester.objectId(), now, now.minus(properties.issueWithin()))) {
            boolean expired = "expired".equals(request.shownState(now, properties.issueWithin()));
            if (expired) {
                audit.event("issue", "expired", context, "request #" + id + " approved too long ago");
            }
            return new IssueResult(expired ? Refusal.EXPIRED : Refusal.NOT_APPROVED, null, request);
        }
        var passRequest = new PassRequest(request.lifetimeMinutes(), request.oneTime(), request.startAt());
        PassIssuer.Outcome outcome = personLock.exclusive(request.targetId(), () -> issuer.issue(token, context, passRequest, false));
        if (outcome instanceof PassIssuer.Refused || outcome instanceof PassIssuer.NotRecorded
                || outcome instanceof PassIssuer.Limited) {
            store.release(id);
        } else {
            // the request's last step, beside the issue's own intent and outcome rows
            audit.eventIfPossible("request", outcome instanceof PassIssuer.Issued ? "issued" : "unknown", context,
                    "request #" + id + " issued by its requester");
        }
        return new IssueResult(null, outcome, request);
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
