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
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.CardReader;
import io.tapdesk.verification.CallerChecks;
import io.tapdesk.verification.Verification;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Four eyes: a caught request is stored (nothing goes to Graph), a different person approves or rejects it, and the
 * requester issues it once with their own sign-in within {@code tapdesk.approval.issue-within} (through the issuing use
 * case, which claims the approval here). Each step is audited in the same transaction as the state change.
 */
@Service
public class Approvals {

    /**
     * UNREADABLE: an approval refused because the person (or whether they are privileged) could not be read now.
     * CHANGED: an approval refused because the person read now is not the one the approver's page showed.
     */
    public enum Decision { DECIDED, NOT_FOUND, OWN_REQUEST, OWN_ACCOUNT, OWN_HAND_OVER, NOT_PENDING, UNREADABLE, CHANGED }

    /** What a withdraw did: withdrawn, no such request of yours, or no longer open. */
    public enum Withdrawal { WITHDRAWN, NOT_FOUND, NOT_OPEN }

    /**
     * A stored request, or the open one that was there already ({@code existing}: one open request per person and
     * requester, so a second submit shows it instead of adding a row).
     */
    public record Stored(long id, boolean existing) {
    }

    /** The decide page: the request and the person as the approver's own read shows them now (null: unreadable). */
    public record ForDecision(ApprovalRequest request, CardFacts facts, ApprovalSnapshot now, RateLimits.Left limitsLeft) {
    }

    /**
     * A hand-over's recipient on a request: {@code kind} {@code manager} or {@code person}, {@code id} its object id,
     * {@code name} its display name.
     */
    public record Recipient(String kind, String id, String name) {
    }

    /** Whether an approval may be (or was) taken for an issue: OK, no such request of yours, not approved (or used already), or expired. */
    public enum Claim { OK, NOT_FOUND, NOT_APPROVED, EXPIRED }

    private final ApprovalStore store;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ApprovalProperties properties;
    private final Clock clock;
    private final CardReader cards;
    private final RateLimits limits;
    private final CallerChecks callerChecks;
    private final ObjectProvider<HeldBatches> heldBatches;

    Approvals(ApprovalStore store, AuditLog audit, TransactionTemplate transactions, ApprovalProperties properties,
              Clock clock, CardReader cards, RateLimits limits, CallerChecks callerChecks,
              ObjectProvider<HeldBatches> heldBatches) {
        this.heldBatches = heldBatches;
        this.callerChecks = callerChecks;
        this.cards = cards;
        this.limits = limits;
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
     * @param recipient     a hand-over's recipient ({@code manager}/{@code person}) and its object id, or null: the
     *                      caller receives the pass
     * @throws AuditUnavailable or a {@code DataAccessException} when it could not be stored
     */
    public long request(Operator requester, DirectoryUser target, PassRequest request, Verification verification,
                        List<String> reasons, String replacePassId, Recipient recipient, String clientAddress) {
        Long id = transactions.execute(status -> {
            long created = store.create(requester, target, request, verification, reasons, replacePassId,
                    recipient == null ? null : recipient.kind(), recipient == null ? null : recipient.id(), recipient == null ? null : recipient.name(), clock.instant());
            if (verification.checkId() != null) {
                // the check that allowed the request is spent by it: the approved request needs no second one
                callerChecks.consume(verification.checkId(), "request " + created);
            }
            audit.event(AuditAction.REQUEST, AuditOutcome.PENDING, verification.auditContext(requester, target.id(), target.userPrincipalName(), clientAddress),
                    "request #" + created + ": " + String.join(",", reasons)
                            + (recipient == null ? "" : "; hand-over to " + recipient.kind() + " " + recipient.id()));
            return created;
        });
        return id == null ? 0 : id;
    }

    /**
     * The requester's open request for this person (pending, or approved and still usable), if any. The issuing use
     * case asks under the person's lock, so two submits cannot both find none.
     */
    public Optional<ApprovalRequest> openRequest(Operator requester, String targetId) {
        return store.openFor(targetId, requester.objectId(), clock.instant().minus(properties.issueWithin()));
    }

    /**
     * The request with the person as the approver reads them now (the decide page shows it; an approval stores the
     * same read). {@code facts} is null when the person cannot be read.
     */
    public Optional<ForDecision> forDecision(long id, Operator approver, GraphToken token) {
        return store.find(id).map(r -> {
            CardFacts facts = readPerson(r, approver, token);
            return new ForDecision(r, facts, facts == null ? null : ApprovalSnapshot.of(facts),
                    limits.left(r.requesterOid(), r.targetId()));
        });
    }

    /**
     * The person a request is for, as {@code reader}'s own sign-in reads them now (the request and decide pages show
     * it), or null when Graph answers with a failure for the person as a whole (the page says it cannot read them).
     */
    public CardFacts readPerson(ApprovalRequest request, Operator reader, GraphToken token) {
        try {
            return cards.read(token, request.targetId(), reader);
        } catch (GraphFailure failure) {
            return null;
        }
    }

    /**
     * Approves or rejects a pending request. An approval reads the person with the approver's token and keeps what it
     * saw ({@link ApprovalSnapshot}); if the person or their memberships cannot be read it is refused (UNREADABLE):
     * nobody approves what they cannot see. {@code shown} is {@link ApprovalSnapshot#shown()} as the decide page showed
     * it: an approval whose read now differs (or that carries none) is refused (CHANGED), and the page shows the person
     * as they are now.
     */
    public Decision decide(long id, Operator approver, GraphToken token, boolean approve, String reason, String shown,
                           String clientAddress) {
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
        if (found.get().handOver() && found.get().recipientId() != null
                && found.get().recipientId().equalsIgnoreCase(approver.objectId())) {
            // the hand-over's recipient would receive the pass they approved: four eyes would be two
            return Decision.OWN_HAND_OVER;
        }
        ApprovalSnapshot seen = null;
        if (approve) {
            CardFacts facts = readPerson(found.get(), approver, token);
            if (facts == null || facts.privilege().unknown()) {
                return Decision.UNREADABLE;
            }
            seen = ApprovalSnapshot.of(facts);
            if (!seen.shown().equals(shown)) {
                // the person changed while the approver looked (or a stale page was sent again): they decide again
                return Decision.CHANGED;
            }
        }
        ApprovalSnapshot snapshot = seen;
        Boolean done = transactions.execute(status -> {
            if (!store.decide(id, approver, approve, reason, snapshot, clock.instant())) {
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

    /** The requester withdraws their open request (pending or approved, not issued); audited with the state change. */
    public Withdrawal withdraw(long id, Operator requester, String clientAddress) {
        Optional<ApprovalRequest> found = requestOf(id, requester);
        if (found.isEmpty()) {
            return Withdrawal.NOT_FOUND;
        }
        var r = found.get();
        Boolean done = transactions.execute(status -> {
            if (!store.withdraw(id, requester.objectId(), clock.instant())) {
                return false;
            }
            audit.event(AuditAction.REQUEST, AuditOutcome.WITHDRAWN,
                    new AuditLog.Context(requester, r.targetId(), r.targetUpn(), r.ticket(), null, null, clientAddress),
                    "request #" + id + " withdrawn by its requester");
            return true;
        });
        return Boolean.TRUE.equals(done) ? Withdrawal.WITHDRAWN : Withdrawal.NOT_OPEN;
    }

    /**
     * The person changed since the approval (privilege, enabled, user type or policy): the request goes back to
     * pending, with the changes, audited. False when it was no longer approved (another tab did it first).
     */
    public boolean sendBack(ApprovalRequest request, List<ApprovalSnapshot.Change> changes, AuditLog.Context context) {
        Boolean done = transactions.execute(status -> {
            if (!store.sendBack(request.id(), request.requesterOid(), changes)) {
                return false;
            }
            audit.event(AuditAction.REQUEST, AuditOutcome.SENT_BACK, context, "request #" + request.id()
                    + " sent back for approval: " + String.join(",", changes.stream().map(ApprovalSnapshot.Change::what).toList()));
            return true;
        });
        return Boolean.TRUE.equals(done);
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

    /** The new-hire batches (and any other {@link HeldBatches}) awaiting a decision {@code approver} may take. */
    public List<HeldBatches.HeldBatch> batchesFor(Operator approver) {
        return heldBatches.orderedStream().flatMap(source -> source.heldFor(approver).stream()).toList();
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
