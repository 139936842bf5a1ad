package io.tapdesk.passes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.tapdesk.approvals.ApprovalRequest;
import io.tapdesk.approvals.ApprovalRules;
import io.tapdesk.approvals.ApprovalSnapshot;
import io.tapdesk.approvals.Approvals;
import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.Manager;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.graph.ManagerMessages;
import io.tapdesk.graph.PickupGraph;
import io.tapdesk.handover.HandOver;
import io.tapdesk.limits.PersonLock;
import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.CardReader;
import io.tapdesk.verification.CallerCheck;
import io.tapdesk.verification.CallerChecks;
import io.tapdesk.verification.CallerRules;
import io.tapdesk.verification.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.validation.Errors;

/**
 * Issuing a pass: the one use case, whichever way it comes in (the card's form, an approved request). Every entry
 * point runs the same steps, in this order, holding the person's lock ({@link PersonLock}) from the first read to the
 * outcome row: read the person again (profile, memberships, current pass, policy); TapDesk's guardrails; the replace
 * confirmation, bound to the id of the working pass it replaces; the approval rules (card) or the approval's claim
 * (approved request); then {@link PassCreation}: the limits, the audit intent, the create, the outcome. So a guarantee
 * kept here holds on every path.
 */
@Service
public class PassIssuing {

    private static final Logger log = LoggerFactory.getLogger(PassIssuing.class);

    /**
     * The card's issue form as it came in.
     *
     * @param errors    where form errors go (the card shows them by field)
     * @param zone      the operator's time zone, for a start time typed in the form
     * @param formToken the form's single-use token: a re-sent form finds it spent
     */
    public record CardIssue(Operator operator, GraphToken token, String userId, IssueForm form, Errors errors, ZoneId zone,
                            IssueTokens.FormToken formToken, String clientAddress) {
    }

    /**
     * An approved request, issued by its requester.
     *
     * @param shownReplacePassId     the working pass the request page showed with a replace box, or null
     * @param replaceConfirmed       the requester ticked that box; without a box, the pass agreed when the request was
     *                               made (if any) is the one they may replace
     */
    public record ApprovedIssue(Operator operator, GraphToken token, long requestId, String shownReplacePassId,
                                boolean replaceConfirmed, String clientAddress) {
    }

    /**
     * A pickup of a hand-over (the confirmation app's POST): the link's token and who is signed in there.
     */
    public record PickupIssue(String token, HandingOver.Signer signer, String clientAddress) {
    }

    /**
     * How a pickup ended: a refusal (a message key and its status; nothing made, or the hand-over refused at pickup)
     * or the issue's outcome (issued: the value is on this answer only). {@code handOver} is null for an unknown link.
     */
    public record PickupResult(HandOver handOver, Refusal refusal, IssueOutcome outcome) {
    }

    private final PersonLock lock;
    private final CardReader cards;
    private final Guardrails guardrails;
    private final IssueFormParser parser;
    private final ApprovalRules approvalRules;
    private final Approvals approvals;
    private final PassCreation creation;
    private final AuditLog audit;
    private final RateLimits limits;
    private final CallerRules callerRules;
    private final CallerChecks callerChecks;
    private final HandingOver handingOver;
    private final GraphGateway graph;
    private final PickupGraph pickupGraph;
    private final ManagerMessages managerMessages;
    private final Clock clock;

    PassIssuing(PersonLock lock, CardReader cards, Guardrails guardrails, IssueFormParser parser,
                ApprovalRules approvalRules, Approvals approvals, PassCreation creation, AuditLog audit, RateLimits limits,
                CallerRules callerRules, CallerChecks callerChecks, HandingOver handingOver, GraphGateway graph,
                PickupGraph pickupGraph, ManagerMessages managerMessages, Clock clock) {
        this.handingOver = handingOver;
        this.graph = graph;
        this.pickupGraph = pickupGraph;
        this.managerMessages = managerMessages;
        this.clock = clock;
        this.callerRules = callerRules;
        this.callerChecks = callerChecks;
        this.limits = limits;
        this.lock = lock;
        this.cards = cards;
        this.guardrails = guardrails;
        this.parser = parser;
        this.approvalRules = approvalRules;
        this.approvals = approvals;
        this.creation = creation;
        this.audit = audit;
    }

    /**
     * What the card says up front, from the rules {@link #fromCard} runs: the guardrails about the person and their
     * current pass, the limits, then the approval rules that hold for any request about the person now.
     */
    public IssueVerdict verdict(Operator operator, CardFacts facts) {
        List<Refusal> cannot = new ArrayList<>(guardrails.forPerson(operator, facts));
        RateLimits.Left left = limits.left(operator.objectId(), facts.user().id());
        if (left.person() <= 0) {
            cannot.add(new Refusal("limit.person.now", HttpStatus.TOO_MANY_REQUESTS));
        }
        if (left.operator() <= 0) {
            cannot.add(new Refusal("limit.operator.now", HttpStatus.TOO_MANY_REQUESTS));
        }
        CallerRules.Needed caller = callerRules.forPerson(facts);
        boolean checked = callerChecks.usable(operator.objectId(), facts.user().id()).stream()
                .anyMatch(c -> c.tier().atLeast(caller.tier()));
        if (!cannot.isEmpty()) {
            return new IssueVerdict(IssueVerdict.Kind.CANNOT, cannot, left.operator(), left.person(), caller, checked);
        }
        List<Refusal> reasons = approvalRules.forPerson(facts).stream().map(k -> new Refusal(k, HttpStatus.OK)).toList();
        return new IssueVerdict(reasons.isEmpty() ? IssueVerdict.Kind.CAN : IssueVerdict.Kind.NEEDS_APPROVAL, reasons,
                left.operator(), left.person(), caller, checked);
    }

    /** From the card's form: issues, or stores a request when a rule wants a second person. */
    public IssueOutcome fromCard(CardIssue in) {
        if (!in.formToken().unspent()) {
            // a spent, forged or missing token can only end in a refusal or "spent": no lock to wait for or to hold
            return card(in);
        }
        return locked(in.userId(), () -> card(in));
    }

    /** From an approved request, by its requester, once. */
    public IssueOutcome fromApprovedRequest(ApprovedIssue in) {
        Optional<ApprovalRequest> found = approvals.requestOf(in.requestId(), in.operator());
        if (found.isEmpty()) {
            return new IssueOutcome.RequestUnusable(null, Approvals.Claim.NOT_FOUND);
        }
        ApprovalRequest request = found.get();
        Approvals.Claim usable = approvals.usable(request);
        if (usable != Approvals.Claim.OK) {
            // settled without reading Graph (an approval that is OK here is still claimed under the lock)
            if (usable == Approvals.Claim.EXPIRED) {
                approvals.recordExpired(request, context(in, request));
            }
            return new IssueOutcome.RequestUnusable(request, usable);
        }
        return locked(request.targetId(), () -> approved(in, request));
    }

    private IssueOutcome card(CardIssue in) {
        Operator operator = in.operator();
        CardFacts facts = cards.read(in.token(), in.userId(), operator);
        // who the person is decides first: a crafted POST for a refused person gets the reason, whatever its token
        List<Refusal> personRefusals = guardrails.forPerson(operator, facts);
        if (!personRefusals.isEmpty()) {
            return refuse(facts, personRefusals, true, context(operator, facts, Verification.NONE, in.clientAddress()));
        }
        if (!in.formToken().unspent()) {
            return new IssueOutcome.Spent(facts.user(), facts.pass().ok() ? facts.pass().value() : null);
        }
        PassRequest request = parser.parse(in.form(), in.zone(), facts.policy().known() ? facts.policy().policy() : null,
                in.errors());
        String ticket = parser.ticket(in.form(), in.errors());
        Optional<HandOver.RecipientKind> recipient = parser.recipient(in.form(), in.errors());
        if (request == null || ticket == null || recipient == null) {
            return new IssueOutcome.Invalid(facts);
        }
        AuditLog.Context context = context(operator, facts, Verification.ticketOnly(ticket), in.clientAddress());
        List<Refusal> refusals = new ArrayList<>(guardrails.forRequest(operator, facts, request));
        if (refusals.isEmpty()) {
            // hand-over (issue 19): required by a rule, or its own rules (the operator's Entra role, the recipient)
            refusals.addAll(handingOver.cardRules(operator, facts, request, recipient));
        }
        if (!refusals.isEmpty()) {
            return refuse(facts, refusals, false, context);
        }
        String shown = in.form().getReplacePassId();
        Optional<IssueOutcome> replace = replaceNeeded(facts, shown, in.form().isReplaceConfirmed(), context);
        if (replace.isPresent()) {
            return replace.get();
        }
        // the caller, checked by TapDesk's own record of the check, of the tier this request needs: claimed before the
        // form's token is spent (a refusal here leaves the form usable once the agent has checked)
        CallerRules.Needed needed = callerRules.forRequest(facts, request);
        CallerCheck.Use use = new CallerCheck.Use(ticket, request.lifetimeMinutes(), request.usableOnce());
        Optional<CallerCheck> claimed = callerChecks.claim(operator.objectId(), facts.user().id(), needed.tier(), use, "issue");
        if (claimed.isEmpty()) {
            // a manager's confirmation of another ticket or a smaller pass does not do: the refusal says what it covers
            CallerCheck other = callerChecks.notCovering(operator.objectId(), facts.user().id(), needed.tier(), use).orElse(null);
            audit.eventIfPossible(AuditAction.REFUSED, AuditOutcome.REFUSED, context,
                    other == null ? "caller.needed." + needed.tier().stored() : "caller.needed.covered");
            return new IssueOutcome.NotVerified(facts, needed, other);
        }
        CallerCheck check = claimed.get();
        Verification verification = Verification.of(ticket, check);
        context = context(operator, facts, verification, in.clientAddress());
        if (!in.formToken().spend()) {
            // a second tab or a double click won the race for this token
            release(check);
            return new IssueOutcome.Spent(facts.user(), facts.currentPass());
        }
        List<String> reasons = new ArrayList<>(approvalRules.forRequest(facts, request));
        // a privileged person's hand-over always waits for a second person, whatever the approval rules say
        reasons.addAll(handingOver.approvalReasons(facts, recipient));
        IssueOutcome outcome = !reasons.isEmpty()
                ? requestApproval(operator, facts, request, verification, reasons, recipient.map(kind -> recipientOf(kind, facts))
                        .orElse(null), in.clientAddress())
                : recipient.isPresent()
                ? handOver(in.operator(), in.token(), facts, request, ticket, recipient.get(), verification,
                        in.clientAddress(), null)
                : creation.create(in.token(), context, request, facts);
        if (outcome.passMayExist()) {
            consume(check, "issue");
        } else if (!(outcome instanceof IssueOutcome.NeedsApproval asked && !asked.existing())
                && !(outcome instanceof IssueOutcome.HandedOver)) {
            // a new request consumed it in its own transaction; anything else made nothing
            release(check);
        }
        return outcome;
    }

    private IssueOutcome approved(ApprovedIssue in, ApprovalRequest request) {
        Operator operator = in.operator();
        AuditLog.Context context = context(in, request);
        CardFacts facts = cards.read(in.token(), request.targetId(), operator);
        // what the approver saw, against the person now: a change in what they judged goes back to them
        ApprovalSnapshot now = ApprovalSnapshot.of(facts);
        if (request.seen() != null && request.seen().unreadableIn(now)) {
            return refuse(facts, List.of(new Refusal("guard.recheck-unreadable", HttpStatus.SERVICE_UNAVAILABLE)), false, context);
        }
        List<ApprovalSnapshot.Change> changes = request.seen() == null
                ? List.of(new ApprovalSnapshot.Change("unrecorded", "", "")) // approved before snapshots were kept
                : request.seen().changesTo(now);
        if (!changes.isEmpty()) {
            return approvals.sendBack(request, changes, context)
                    ? new IssueOutcome.SentBack(request, changes)
                    : new IssueOutcome.RequestUnusable(request, Approvals.Claim.NOT_APPROVED);
        }
        List<Refusal> personRefusals = guardrails.forPerson(operator, facts);
        if (!personRefusals.isEmpty()) {
            return refuse(facts, personRefusals, true, context);
        }
        PassRequest passRequest = new PassRequest(request.lifetimeMinutes(), request.oneTime(), request.startAt());
        List<Refusal> refusals = new ArrayList<>(guardrails.forRequest(operator, facts, passRequest));
        Optional<HandOver.RecipientKind> recipient = request.handOver()
                ? Optional.of(HandOver.RecipientKind.of(request.recipientKind())) : Optional.empty();
        if (refusals.isEmpty()) {
            // without a recipient a rule that requires hand-over holds (it goes to the caller); with one, the hand-over's
            // own card rules run again (pickup configured, the requester's Entra role, the recipient, one open hand-over)
            refusals.addAll(handingOver.cardRules(operator, facts, passRequest, recipient));
        }
        if (refusals.isEmpty() && recipient.isPresent() && !recipientOf(recipient.get(), facts).id()
                .equalsIgnoreCase(Objects.requireNonNullElse(request.recipientId(), ""))) {
            // the approver judged a hand-over to the manager read then: another manager needs a new request
            refusals.add(new Refusal("handover.recipient-changed", HttpStatus.CONFLICT));
        }
        if (!refusals.isEmpty()) {
            return refuse(facts, refusals, false, context);
        }
        Optional<IssueOutcome> replace = in.shownReplacePassId() != null
                ? replaceNeeded(facts, in.shownReplacePassId(), in.replaceConfirmed(), context)
                : replaceNeeded(facts, request.replacePassId(), request.replacePassId() != null, context);
        if (replace.isPresent()) {
            return replace.get();
        }
        Approvals.Claim claim = approvals.claim(request, context);
        if (claim != Approvals.Claim.OK) {
            return new IssueOutcome.RequestUnusable(request, claim);
        }
        if (recipient.isPresent()) {
            // the approved hand-over: stored and sent by the card's own code; the approval is used by it
            IssueOutcome handed = handOver(operator, in.token(), facts, passRequest, request.ticket(), recipient.get(),
                    new Verification(request.ticket(), request.verificationMethod(), request.verificationNote(), null),
                    in.clientAddress(), request.id());
            if (handed instanceof IssueOutcome.HandedOver) {
                approvals.recordIssued(request, context, true);
            } else {
                release(request);
            }
            return handed;
        }
        IssueOutcome outcome = creation.create(in.token(), context, passRequest, facts);
        if (outcome.passMayExist()) {
            approvals.recordIssued(request, context, outcome instanceof IssueOutcome.Issued);
        } else {
            release(request);
        }
        return outcome;
    }

    /**
     * The hand-over instead of the create: stored with the check consumed in its transaction, then the link sent.
     * {@code approvalRequestId}: the approved request it comes from, or null (straight from the card).
     */
    private IssueOutcome handOver(Operator operator, GraphToken token, CardFacts facts, PassRequest request, String ticket,
                                  HandOver.RecipientKind recipient, Verification verification, String clientAddress,
                                  Long approvalRequestId) {
        PassStatus current = facts.currentPass();
        try {
            return new IssueOutcome.HandedOver(facts.user(), handingOver.fromCard(operator, token, facts, request,
                    ticket, recipient, current.mayWork() ? current.passId() : null, verification, clientAddress,
                    approvalRequestId));
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("A hand-over for user {} could not be stored", facts.user().id(), e);
            return IssueOutcome.NotRecorded.because(e);
        }
    }

    /**
     * A hand-over's pickup (issue 19), the third entry point: the recipient signed in at the confirmation app pressed
     * "Show the pass". Checks the link (known, open, unexpired, signed in as its recipient, not its operator), then
     * under the person's lock: the recipient read again app-only (the manager now), the one claim of the hand-over
     * (a conditional UPDATE: two pickups make one pass), the person read again app-only, the guardrails as the
     * operator who made it (a working pass other than the one confirmed then refuses; a new hire with methods
     * other than a password refuses), then {@link PassCreation} with the pickup registration's create.
     */
    public PickupResult fromPickup(PickupIssue in) {
        Optional<HandOver> found = handingOver.store().byToken(in.token());
        Refusal early = handingOver.precheck(found, in.signer(), in.clientAddress(), "pickup");
        if (early != null) {
            return new PickupResult(found.orElse(null), early, null);
        }
        HandOver h = found.get();
        try {
            return lock.exclusive(h.personId(), () -> pickup(in, h));
        } catch (PersonLock.Busy busy) {
            handingOver.refusePickup(h, in.signer(), in.clientAddress(), "pickup", "pickup.busy");
            return new PickupResult(h, new Refusal("pickup.busy", HttpStatus.CONFLICT), null);
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("Pickup of hand-over {} not done: PostgreSQL is unavailable", h.id(), e);
            return new PickupResult(h, new Refusal("pickup.not-recorded", HttpStatus.SERVICE_UNAVAILABLE), null);
        }
    }

    private PickupResult pickup(PickupIssue in, HandOver h) {
        HandingOver.Signer signer = in.signer();
        if (h.recipientKind() == HandOver.RecipientKind.MANAGER) {
            // the manager NOW, before the claim: a Graph hiccup leaves the link usable; a new manager cannot use it
            Optional<Manager> now;
            try {
                now = managerMessages.managerAppOnly(h.personId());
            } catch (GraphFailure failure) {
                log.warn("Manager of {} unreadable at pickup of hand-over {}: {}", h.personId(), h.id(), failure.getMessage());
                handingOver.refusePickup(h, signer, in.clientAddress(), "pickup", "pickup.cannot-tell");
                return new PickupResult(h, new Refusal("pickup.cannot-tell", HttpStatus.SERVICE_UNAVAILABLE), null);
            }
            if (now.isEmpty() || !now.get().askable() || !now.get().id().equalsIgnoreCase(signer.oid())) {
                handingOver.refusePickup(h, signer, in.clientAddress(), "pickup", "pickup.recipient-changed");
                return new PickupResult(h, new Refusal("pickup.recipient-changed", HttpStatus.FORBIDDEN), null);
            }
        }
        if (!handingOver.store().claim(h.id(), signer.oid(), clock.instant())) {
            // another pickup (on any instance), a revoke or the expiry came first
            handingOver.refusePickup(h, signer, in.clientAddress(), "pickup", "pickup.used");
            return new PickupResult(h, new Refusal("pickup.used", HttpStatus.CONFLICT), null);
        }
        // from here the hand-over is spent whatever happens: a refusal asks the agent for a new one
        Operator operator = new Operator(h.operatorId(), h.operatorName(), h.operatorUpn(), h.operatorRoles(),
                h.operatorWids());
        CardFacts facts;
        try {
            facts = cards.readAppOnly(h.personId(), operator);
        } catch (GraphFailure failure) {
            return endPickup(in, h, "pickup.unreadable", HttpStatus.SERVICE_UNAVAILABLE);
        }
        Instant start = h.passStart() != null && h.passStart().isAfter(clock.instant().plusSeconds(60)) ? h.passStart() : null;
        PassRequest request = new PassRequest(h.lifetimeMinutes(), h.oneTime(), start);
        // a privileged person only for a hand-over that came from an approved request (and while still allowed)
        String refusal = handingOver.firstRefusal(operator, facts, request, approvedPrivileged(h));
        if (refusal == null && h.kind() == HandOver.Kind.ONBOARDING) {
            refusal = HandingOver.hasMethods(facts);
        }
        PassStatus current = facts.currentPass();
        if (refusal == null && current.mayWork() && !Objects.equals(current.passId(), h.replacePassId())) {
            refusal = "pickup.pass-changed";
        }
        if (refusal != null) {
            return endPickup(in, h, refusal, HttpStatus.CONFLICT);
        }
        AuditLog.Context context = new Verification(h.ticket(), null,
                "handover " + h.id() + " picked up by " + signer.username() + " " + signer.oid(), null)
                .auditContext(operator, h.personId(), h.personUpn(), in.clientAddress());
        IssueOutcome outcome = creation.create(pickupMaker(), context, request, facts);
        HandOver.State end = outcome instanceof IssueOutcome.Issued ? HandOver.State.ISSUED
                : outcome.passMayExist() ? HandOver.State.UNKNOWN : HandOver.State.FAILED;
        String reason = outcome instanceof IssueOutcome.GraphRefused refused && refused.failure().status() == 403
                ? "pickup.graph-forbidden" : end == HandOver.State.FAILED ? "pickup.graph-refused" : null;
        try {
            handingOver.store().finish(h.id(), end, reason, null);
        } catch (DataAccessException e) {
            log.error("Hand-over {} picked up ({}) but its end not recorded", h.id(), end.stored(), e);
        }
        return new PickupResult(h, null, outcome);
    }

    /**
     * Whether the hand-over came from an approved request whose approver saw the person as privileged: one made for a
     * person who became privileged afterwards was never judged as such, and is refused at pickup (fail closed).
     */
    private boolean approvedPrivileged(HandOver h) {
        if (h.approvalRequestId() == null) {
            return false;
        }
        return approvals.find(h.approvalRequestId()).map(ApprovalRequest::seen)
                .map(seen -> !"none".equals(seen.privilege()) && !ApprovalSnapshot.UNKNOWN.equals(seen.privilege()))
                .orElse(false);
    }

    private PickupResult endPickup(PickupIssue in, HandOver h, String key, HttpStatus status) {
        handingOver.store().finish(h.id(), HandOver.State.REFUSED, key, null);
        handingOver.refusePickup(h, in.signer(), in.clientAddress(), "pickup", key);
        // the guardrails' own words are written for the agent (and take arguments): the recipient gets a plain reason,
        // the audit row and the card keep the exact one
        boolean ownWords = key.startsWith("pickup.") || key.startsWith("onboarding.") || key.startsWith("handover.");
        return new PickupResult(h, new Refusal(ownWords ? key : "pickup.refused-rule", status), null);
    }

    private PassCreation.Maker pickupMaker() {
        return new PassCreation.Maker() {
            @Override
            public IssuedPass create(String userId, PassRequest request) {
                return pickupGraph.createPass(userId, request);
            }

            @Override
            public PassStatus currentPass(String userId) {
                return pickupGraph.currentPass(userId);
            }
        };
    }

    /**
     * A working pass is replaced only when the operator was shown that very pass (by its id) and confirmed it.
     *
     * @param shownPassId the pass the operator's form showed (null: none)
     * @param confirmed   they ticked "replace" for it
     */
    private Optional<IssueOutcome> replaceNeeded(CardFacts facts, String shownPassId, boolean confirmed,
                                                 AuditLog.Context context) {
        PassStatus current = facts.currentPass();
        boolean seenBefore = current.passId() != null && current.passId().equals(shownPassId);
        if (!current.mayWork() || (seenBefore && confirmed)) {
            return Optional.empty();
        }
        audit.eventIfPossible(AuditAction.REFUSED, AuditOutcome.REFUSED, context,
                seenBefore ? "guard.replace-unconfirmed" : "guard.replace-changed");
        return Optional.of(new IssueOutcome.ReplaceNeeded(facts, current, seenBefore));
    }

    /** The recipient a request carries: the manager read now (the card rules checked them), or the person. */
    private static Approvals.Recipient recipientOf(HandOver.RecipientKind kind, CardFacts facts) {
        Optional<Manager> manager = kind == HandOver.RecipientKind.MANAGER ? facts.manager().value() : Optional.empty();
        return kind == HandOver.RecipientKind.MANAGER
                ? new Approvals.Recipient(kind.stored(), manager.map(Manager::id).orElse(""),
                        manager.map(Manager::displayName).orElse(""))
                : new Approvals.Recipient(kind.stored(), facts.user().id(), facts.user().displayName());
    }

    private IssueOutcome requestApproval(Operator operator, CardFacts facts, PassRequest request,
                                         Verification verification, List<String> reasons,
                                         Approvals.Recipient recipient, String clientAddress) {
        // four eyes: stored as a request, nothing goes to Graph until someone else approves it
        PassStatus current = facts.currentPass();
        AuditLog.Context context = context(operator, facts, verification, clientAddress);
        try {
            // one open request per person and requester (we hold the person's lock, so two submits cannot both miss it)
            Optional<ApprovalRequest> open = approvals.openRequest(operator, facts.user().id());
            if (open.isPresent()) {
                return new IssueOutcome.NeedsApproval(open.get().id(), true);
            }
            // a request counts against the operator's hourly limit like a pass (the person's daily one counts passes)
            RateLimits.Verdict verdict = limits.tryRequest(operator.objectId());
            if (!verdict.allowed()) {
                audit.event(AuditAction.REFUSED, AuditOutcome.REFUSED, context,
                        "rate-limit " + verdict.limit() + " until " + verdict.nextAllowed() + " (request)");
                return new IssueOutcome.Limited(facts, verdict.limit(), verdict.nextAllowed());
            }
            return new IssueOutcome.NeedsApproval(approvals.request(operator, facts.user(), request, verification,
                    reasons, current.mayWork() ? current.passId() : null, recipient, clientAddress), false);
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("An approval request for user {} could not be stored", facts.user().id(), e);
            return IssueOutcome.NotRecorded.because(e);
        }
    }

    /** A refusal is an action too; if it cannot be recorded, the refusal still stands. */
    private IssueOutcome refuse(CardFacts facts, List<Refusal> refusals, boolean aboutPerson, AuditLog.Context context) {
        audit.eventIfPossible(AuditAction.REFUSED, AuditOutcome.REFUSED, context,
                String.join(",", refusals.stream().map(Refusal::key).toList()));
        return new IssueOutcome.Refused(facts, refusals, aboutPerson);
    }

    private void release(CallerCheck check) {
        try {
            callerChecks.release(check.id());
        } catch (DataAccessException e) {
            log.warn("Caller check {} not released after an issue that made nothing: the agent checks again", check.id(), e);
        }
    }

    private void consume(CallerCheck check, String action) {
        try {
            callerChecks.consume(check.id(), action);
        } catch (DataAccessException e) {
            // it stays claimed, which allows nothing either
            log.warn("Caller check {} not marked consumed after {}", check.id(), action, e);
        }
    }

    private void release(ApprovalRequest request) {
        try {
            approvals.release(request.id());
        } catch (DataAccessException e) {
            log.error("Approval of request {} not released after a refused create: it needs a new request", request.id(), e);
        }
    }

    private IssueOutcome locked(String userId, Supplier<IssueOutcome> steps) {
        try {
            return lock.exclusive(userId, steps);
        } catch (PersonLock.Busy busy) {
            log.info("Issue for user {} not started: {}", userId, busy.getMessage());
            return new IssueOutcome.Busy(userId, busy.samePerson());
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("Not issuing for user {}: PostgreSQL is unavailable", userId, e);
            return IssueOutcome.NotRecorded.because(e);
        }
    }

    private static AuditLog.Context context(Operator operator, CardFacts facts, Verification verification,
                                            String clientAddress) {
        return verification.auditContext(operator, facts.user().id(), facts.user().userPrincipalName(), clientAddress);
    }

    private static AuditLog.Context context(ApprovedIssue in, ApprovalRequest request) {
        return new Verification(request.ticket(), request.verificationMethod(), request.verificationNote(), null)
                .auditContext(in.operator(), request.targetId(), request.targetUpn(), in.clientAddress());
    }
}
