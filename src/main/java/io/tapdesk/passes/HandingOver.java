package io.tapdesk.passes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.directory.AuthMethod;
import io.tapdesk.directory.Manager;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOverProperties;
import io.tapdesk.handover.HandOvers;
import io.tapdesk.handover.PickupMessages;
import io.tapdesk.limits.PersonLock;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.graph.PickupGraph;
import io.tapdesk.verification.CallerChecks;
import io.tapdesk.verification.Verification;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.CardReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Hand-over (issue 19): the use case for making a hand-over (the card goes through {@link PassIssuing#fromCard}, new
 * hires through {@link #forNewHires}) and revoking one. A hand-over holds nothing secret: the pass is created only when
 * its recipient picks it up ({@link PassIssuing#fromPickup}).
 */
@Service
public class HandingOver {

    private static final Logger log = LoggerFactory.getLogger(HandingOver.class);

    /**
     * One new hire of a batch.
     *
     * @param passStart   when the pass starts working (the configured local hour of the hire date)
     * @param linkSendAt  when the onboarding job sends the link mail
     * @param linkExpires when the link is refused
     */
    public record NewHirePlan(String personId, Instant passStart, Instant linkSendAt, Instant linkExpires) {
    }

    /**
     * A batch of new hires, scheduled by {@code operator}.
     *
     * @param lifetimeMinutes 1..43200, within the policy (the guardrails check)
     * @param batchId         a UUID chosen by onboarding, one per batch
     */
    public record NewHireBatch(Operator operator, List<NewHirePlan> plans, int lifetimeMinutes, boolean oneTime,
                               String batchId, String clientAddress) {
        public NewHireBatch {
            plans = List.copyOf(plans);
        }
    }

    /** One outcome per plan, same order: scheduled (hand-over id) or refused (a message key). */
    public record PlanOutcome(String personId, boolean scheduled, Long handOverId, String refusalKey) {
        static PlanOutcome scheduled(String personId, long id) {
            return new PlanOutcome(personId, true, id, null);
        }

        static PlanOutcome refused(String personId, String key) {
            return new PlanOutcome(personId, false, null, key);
        }
    }

    private final PersonLock lock;
    private final CardReader cards;
    private final Guardrails guardrails;
    private final GraphGateway graph;
    private final HandOvers handOvers;
    private final HandOverProperties properties;
    private final AuditLog audit;
    private final Clock clock;
    private final PickupGraph pickupGraph;
    private final PickupMessages linkMessages;
    private final CallerChecks callerChecks;
    private final TransactionTemplate transactions;

    HandingOver(PersonLock lock, CardReader cards, Guardrails guardrails, GraphGateway graph, HandOvers handOvers,
                HandOverProperties properties, AuditLog audit, Clock clock, PickupGraph pickupGraph,
                PickupMessages linkMessages, CallerChecks callerChecks, TransactionTemplate transactions) {
        this.pickupGraph = pickupGraph;
        this.linkMessages = linkMessages;
        this.callerChecks = callerChecks;
        this.transactions = transactions;
        this.lock = lock;
        this.cards = cards;
        this.guardrails = guardrails;
        this.graph = graph;
        this.handOvers = handOvers;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Schedules a hand-over to the manager for each new hire, each under the person's lock, with one audit row per
     * person (HANDOVER handed-over, or REFUSED with the key). Sends no link: onboarding makes it at send time
     * ({@link HandOvers#newLink}). The person is read again app-only; refused: a refusal of the guardrails (its key),
     * {@code onboarding.has-methods} (sign-in methods other than a password: recovery, not onboarding),
     * {@code onboarding.methods-unknown}, {@code onboarding.has-pass}, {@code onboarding.no-manager},
     * {@code onboarding.unreadable} (Graph or PostgreSQL failed; nothing stored), {@code handover.privileged},
     * {@code onboarding.row.scheduled} (the person has an open hand-over already: checked here, under the person's lock,
     * so two batches at once make one).
     */
    public List<PlanOutcome> forNewHires(NewHireBatch batch) {
        List<PlanOutcome> outcomes = new ArrayList<>();
        UUID batchId = UUID.fromString(batch.batchId());
        for (NewHirePlan plan : batch.plans()) {
            PlanOutcome outcome;
            try {
                outcome = lock.exclusive(plan.personId(), () -> newHire(batch, batchId, plan));
            } catch (PersonLock.Busy busy) {
                outcome = PlanOutcome.refused(plan.personId(), "onboarding.busy");
            } catch (GraphFailure | DataAccessException e) {
                log.warn("New hire {} of batch {} not scheduled", plan.personId(), batchId, e);
                outcome = PlanOutcome.refused(plan.personId(), "onboarding.unreadable");
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private PlanOutcome newHire(NewHireBatch batch, UUID batchId, NewHirePlan plan) {
        Operator operator = batch.operator();
        CardFacts facts = cards.readAppOnly(plan.personId(), operator);
        AuditLog.Context context = new AuditLog.Context(operator, facts.user().id(), facts.user().userPrincipalName(),
                "onboarding " + batchId, null, null, batch.clientAddress());
        PassRequest request = new PassRequest(batch.lifetimeMinutes(), batch.oneTime(), plan.passStart());
        Refusal role = !pickupGraph.configured() ? new Refusal("handover.not-configured", HttpStatus.CONFLICT)
                : roleRule(operator, facts);
        String refusal = role != null ? role.key() : firstRefusal(operator, facts, request, false);
        if (refusal == null) {
            refusal = onboardingRefusal(facts);
        }
        if (refusal == null && !handOvers.open(facts.user().id()).isEmpty()) {
            // one open hand-over per person: a second would send a second link (read under the lock we hold)
            refusal = "onboarding.row.scheduled";
        }
        if (refusal != null) {
            audit.eventIfPossible(AuditAction.REFUSED, AuditOutcome.REFUSED, context, refusal);
            return PlanOutcome.refused(plan.personId(), refusal);
        }
        Manager manager = facts.manager().value().orElseThrow();
        long id = handOvers.schedule(new HandOvers.Draft(HandOver.Kind.ONBOARDING, HandOver.RecipientKind.MANAGER,
                manager.id(), null, manager.displayName(), facts.user().id(), facts.user().userPrincipalName(),
                facts.user().displayName(), operator.objectId(), operator.username(), operator.name(),
                operator.appRoles(), operator.directoryRoles(), "onboarding " + batchId, batch.lifetimeMinutes(),
                batch.oneTime(), plan.passStart(), null, plan.linkSendAt(), plan.linkExpires(), null, batchId, null));
        audit.event(AuditAction.HANDOVER, AuditOutcome.HANDED_OVER, context,
                madeDetail(id, HandOver.RecipientKind.MANAGER, manager.id(), manager.mail(), manager.displayName()));
        return PlanOutcome.scheduled(plan.personId(), id);
    }

    /**
     * The guardrails about the person and the request, and the hand-over's own rule for privileged people: allowed only
     * with {@code tapdesk.handover.privileged-allowed} AND {@code approved} (the hand-over came from an approved request).
     */
    String firstRefusal(Operator operator, CardFacts facts, PassRequest request, boolean approved) {
        List<Refusal> refusals = new ArrayList<>(guardrails.forPerson(operator, facts));
        if (refusals.isEmpty()) {
            refusals.addAll(guardrails.forRequest(operator, facts, request));
        }
        if (!refusals.isEmpty()) {
            return refusals.get(0).key();
        }
        if (facts.privilege().unknown()) {
            return "guard.privilege-unknown";
        }
        if (facts.privilege().countsAsPrivileged() && !(approved && properties.privilegedAllowed())) {
            // a privileged person's hand-over exists only through four eyes (README "Hand-over")
            return properties.privilegedAllowed() ? "handover.privileged-needs-approval" : "handover.privileged";
        }
        return null;
    }

    /** New hires only: no other sign-in method than a password, no working pass, a manager who is a user. */
    static String onboardingRefusal(CardFacts facts) {
        if (!facts.methods().ok()) {
            return "onboarding.methods-unknown";
        }
        String methods = hasMethods(facts);
        if (methods != null) {
            return methods;
        }
        if (facts.manager() == null || !facts.manager().ok()) {
            return "onboarding.no-manager";
        }
        Optional<Manager> manager = facts.manager().value();
        if (manager.isEmpty() || !manager.get().askable()) {
            return "onboarding.no-manager";
        }
        return null;
    }

    /** {@code onboarding.has-methods}, {@code onboarding.has-pass}, {@code onboarding.methods-unknown}, or null. */
    static String hasMethods(CardFacts facts) {
        if (!facts.methods().ok()) {
            return "onboarding.methods-unknown";
        }
        if (facts.currentPass().mayWork()) {
            return "onboarding.has-pass";
        }
        boolean others = facts.methods().value().stream()
                .anyMatch(m -> m.kind() != AuthMethod.Kind.PASSWORD && m.kind() != AuthMethod.Kind.TEMPORARY_ACCESS_PASS);
        return others ? "onboarding.has-methods" : null;
    }

    // ------------------------------------------------------------------ the card

    /**
     * The rules a hand-over adds on the card, after TapDesk's guardrails: with no recipient (the caller), a rule of
     * {@code tapdesk.handover.required-for} may refuse; with one, the pickup registration must be configured, the
     * operator must hold the Entra role Entra demands for this person (from {@code wids}), a person who counts as
     * privileged only with {@code tapdesk.handover.privileged-allowed} (and then {@link #approvalReasons} demands an
     * approval), the recipient must exist and be reachable (a user with mail, or Teams from the operator), and the
     * person must have no open hand-over ({@code handover.already-open}: one per person, read under the person's lock,
     * which every caller holds; the agent revokes the old one on the card first).
     */
    List<Refusal> cardRules(Operator operator, CardFacts facts, PassRequest request,
                            Optional<HandOver.RecipientKind> recipient) {
        if (recipient.isEmpty()) {
            String rule = properties.requiredBy(request.lifetimeMinutes(), request.usableOnce());
            return rule == null ? List.of()
                    : List.of(new Refusal("handover.required." + rule, HttpStatus.FORBIDDEN, properties.longerThanMinutes()));
        }
        if (!pickupGraph.configured()) {
            return List.of(new Refusal("handover.not-configured", HttpStatus.CONFLICT));
        }
        Refusal role = roleRule(operator, facts);
        if (role != null) {
            return List.of(role);
        }
        if (facts.privilege().unknown()) {
            // fail closed: whether the privileged rule applies cannot be told
            return List.of(new Refusal("guard.privilege-unknown", HttpStatus.SERVICE_UNAVAILABLE));
        }
        if (facts.privilege().countsAsPrivileged() && !properties.privilegedAllowed()) {
            return List.of(new Refusal("handover.privileged", HttpStatus.FORBIDDEN));
        }
        if (recipient.get() == HandOver.RecipientKind.MANAGER) {
            if (facts.manager() == null || !facts.manager().ok()) {
                return List.of(new Refusal("handover.manager-unknown", HttpStatus.SERVICE_UNAVAILABLE));
            }
            Optional<Manager> manager = facts.manager().value();
            if (manager.isEmpty() || !manager.get().askable()) {
                return List.of(new Refusal("handover.no-manager", HttpStatus.CONFLICT));
            }
            if (manager.get().id().equalsIgnoreCase(operator.objectId())) {
                // the agent is the person's manager: a link to themselves they could never pick up (the operator who made
                // a hand-over is refused at pickup); say so now, before the check of the caller is spent
                return List.of(new Refusal("handover.manager-is-you", HttpStatus.FORBIDDEN));
            }
            if (!reachable(manager.get().mail())) {
                return List.of(new Refusal("handover.no-channel", HttpStatus.CONFLICT));
            }
        } else if (!reachable(facts.user().mail())) {
            return List.of(new Refusal("handover.no-channel", HttpStatus.CONFLICT));
        }
        if (!handOvers.open(facts.user().id()).isEmpty()) {
            return List.of(new Refusal("handover.already-open", HttpStatus.CONFLICT));
        }
        return List.of();
    }

    /**
     * The approval a hand-over needs of its own, whatever {@code tapdesk.approval.*} says: a person who counts as
     * privileged gets a hand-over only through an approved request ({@code approval.reason.privileged-handover}).
     */
    List<String> approvalReasons(CardFacts facts, Optional<HandOver.RecipientKind> recipient) {
        return recipient.isPresent() && facts.privilege().countsAsPrivileged()
                ? List.of("approval.reason.privileged-handover") : List.of();
    }

    /**
     * Entra lets an Authentication Administrator (or a Privileged one) create a pass for an ordinary person, and only a
     * Privileged Authentication Administrator for one who counts as privileged. Created app-only at pickup, Entra would
     * not check the operator: TapDesk does, here. No {@code wids} in the ID token: TapDesk cannot tell, and refuses.
     */
    static Refusal roleRule(Operator operator, CardFacts facts) {
        if (!operator.knowsDirectoryRoles()) {
            return new Refusal("handover.role-unknown", HttpStatus.FORBIDDEN);
        }
        boolean enough = facts.privilege().countsAsPrivileged() ? operator.isPrivilegedAuthenticationAdministrator()
                : operator.isPrivilegedAuthenticationAdministrator() || operator.isAuthenticationAdministrator();
        return enough ? null : new Refusal(facts.privilege().countsAsPrivileged() ? "handover.role-missing.privileged"
                : "handover.role-missing", HttpStatus.FORBIDDEN);
    }

    /**
     * How a link to someone with {@code mail} would go, for the card's words (walk of #19, finding 9): {@code both},
     * {@code mail}, {@code teams}, or {@code none}. Teams also needs the operator's token when sending.
     */
    public String channelFor(String mail) {
        boolean byMail = linkMessages.mailEnabled() && mail != null && !mail.isBlank();
        return byMail && properties.teams() ? "both" : byMail ? "mail" : properties.teams() ? "teams" : "none";
    }

    private boolean reachable(String mail) {
        return properties.teams() || (linkMessages.mailEnabled() && mail != null && !mail.isBlank());
    }

    /** What the agent's result page says: who gets the link, by what, until when; never the link itself. */
    public record Made(long id, HandOver.RecipientKind recipientKind, String recipientName, boolean mailed,
                       boolean teams, Instant expires) {
    }

    /**
     * Stores the hand-over made on the card, consuming the caller check in the same transaction (as an approval
     * request does), with its audit row; then sends the link (mail through the outbox, Teams from the operator).
     *
     * @param approvalRequestId the approved request it comes from (its claim is the requester's), or null
     * @throws AuditUnavailable or a {@code DataAccessException} when it could not be stored (nothing was)
     */
    Made fromCard(Operator operator, GraphToken token, CardFacts facts, PassRequest request, String ticket,
                  HandOver.RecipientKind recipientKind, String replacePassId, Verification verification,
                  String clientAddress, Long approvalRequestId) {
        Optional<Manager> manager = recipientKind == HandOver.RecipientKind.MANAGER ? facts.manager().value() : Optional.empty();
        String recipientId = manager.map(Manager::id).orElse(facts.user().id());
        String recipientName = manager.map(Manager::displayName).orElse(facts.user().displayName());
        String recipientMail = manager.map(Manager::mail).orElse(facts.user().mail());
        String recipientUpn = manager.isPresent() ? null : facts.user().userPrincipalName();
        AuditLog.Context context = verification.auditContext(operator, facts.user().id(), facts.user().userPrincipalName(),
                clientAddress);
        Instant expires = clock.instant().plus(properties.linkExpires());
        // Teams goes at once from the agent's account (never stored), so its link is made now; the mail's is made by
        // the outbox when it sends (the outbox row holds a placeholder, never a link)
        boolean tryTeams = properties.teams() && token != null;
        HandOvers.Stored stored = transactions.execute(status -> {
            HandOvers.Stored made = handOvers.create(new HandOvers.Draft(HandOver.Kind.SERVICE_DESK, recipientKind,
                    recipientId, recipientUpn, recipientName, facts.user().id(), facts.user().userPrincipalName(),
                    facts.user().displayName(), operator.objectId(), operator.username(), operator.name(),
                    operator.appRoles(), operator.directoryRoles(), ticket, request.lifetimeMinutes(),
                    request.usableOnce(), request.start(), replacePassId, null, expires, verification.checkId(), null,
                    approvalRequestId), tryTeams);
            if (verification.checkId() != null) {
                // the hand-over spends the agent's check: the pickup's evidence is the recipient's own sign-in
                callerChecks.consume(verification.checkId(), "handover " + made.id());
            }
            audit.event(AuditAction.HANDOVER, AuditOutcome.HANDED_OVER, context,
                    madeDetail(made.id(), recipientKind, recipientId, recipientUpn != null ? recipientUpn : recipientMail, recipientName));
            return made;
        });
        HandOver handOver = handOvers.find(stored.id()).orElseThrow();
        boolean mailed = false;
        if (linkMessages.mailEnabled() && recipientMail != null && !recipientMail.isBlank()) {
            try {
                linkMessages.mail(handOver, recipientMail);
                mailed = true;
            } catch (RuntimeException e) {
                log.error("Pickup link of hand-over {} not queued for mail", stored.id(), e);
            }
        }
        boolean teams = tryTeams && linkMessages.teams(token, operator.objectId(), handOver, stored.teamsLink());
        String channel = mailed && teams ? "mail+teams" : mailed ? "mail" : teams ? "teams" : null;
        if (channel != null) {
            try {
                handOvers.markSent(stored.id(), clock.instant(), channel);
            } catch (DataAccessException e) {
                log.warn("Hand-over {} sent by {} but not marked sent", stored.id(), channel, e);
            }
        }
        audit.eventIfPossible(AuditAction.HANDOVER, channel == null ? AuditOutcome.FAILED : AuditOutcome.SENT, context,
                "handover " + stored.id() + " link " + (channel == null ? "not sent" : "sent by " + channel));
        return new Made(stored.id(), recipientKind, recipientName, mailed, teams, expires);
    }

    /**
     * The audit detail of a hand-over made: {@code handover <id> to <kind> <object id> <UPN or mail> <name>} (walk of
     * #19, finding 12: the audit page names the recipient, not only their object id; audit.AuditWords reads it).
     */
    static String madeDetail(long id, HandOver.RecipientKind kind, String recipientId, String address, String name) {
        String addr = address == null || address.isBlank() ? "-" : address.strip().replaceAll("\\s+", "");
        String who = name == null || name.isBlank() ? "-" : name.strip().replaceAll("\\s+", " ");
        return "handover " + id + " to " + kind.stored() + " " + recipientId + " " + addr + " " + who;
    }

    /** Whether the card offers "Who receives the pass?": only with the pickup registration configured. */
    public boolean offered() {
        return pickupGraph.configured();
    }

    /** The person's hand-overs for the card (newest first); empty when they cannot be read. */
    public List<HandOver> ofPerson(String personId) {
        try {
            return handOvers.ofPerson(personId);
        } catch (DataAccessException e) {
            log.warn("Hand-overs of {} unreadable for the card", personId, e);
            return List.of();
        }
    }

    /** How a revoke from the card ended. */
    public enum Revoked { REVOKED, NOT_FOUND, TOO_LATE }

    /**
     * Revokes hand-over {@code id} of {@code personId} before its pickup (Helpdesk, Admin), audited.
     *
     * @return {@code TOO_LATE} when it was picked up, revoked or expired already (audited as a refusal)
     */
    public Revoked revoke(Operator operator, String personId, long id, String clientAddress) {
        Optional<HandOver> found = handOvers.find(id).filter(h -> h.personId().equalsIgnoreCase(personId));
        if (found.isEmpty()) {
            return Revoked.NOT_FOUND;
        }
        HandOver h = found.get();
        AuditLog.Context context = new AuditLog.Context(operator, h.personId(), h.personUpn(), h.ticket(), null, null,
                clientAddress);
        Revoked result = transactions.execute(status -> {
            if (!handOvers.revoke(id, operator.objectId(), clock.instant())) {
                return Revoked.TOO_LATE;
            }
            audit.event(AuditAction.HANDOVER, AuditOutcome.REVOKED, context, "handover " + id + " revoked");
            return Revoked.REVOKED;
        });
        if (result == Revoked.TOO_LATE) {
            audit.eventIfPossible(AuditAction.HANDOVER, AuditOutcome.REFUSED, context,
                    "handover " + id + " not revoked: " + h.state().stored());
        }
        return result;
    }

    // ------------------------------------------------------------------ the pickup

    /** Who is signed in at the confirmation app: {@code oid}, user name, name (from the ID token). */
    public record Signer(String oid, String username, String name) {
        Operator asActor() {
            return new Operator(oid == null ? "" : oid, name, username == null ? "" : username, java.util.Set.of(),
                    java.util.Set.of());
        }
    }

    /** What the pickup page shows: the hand-over, or why not (a message key and a 4xx/5xx status). */
    public record Opened(HandOver handOver, Refusal refusal) {
    }

    /**
     * The pickup page's GET: the hand-over when {@code signer} may pick it up (the stored recipient, not its operator,
     * link open and unexpired), else the refusal, audited. Reads nothing from Graph: the recipient is read again at
     * the POST ({@link PassIssuing#fromPickup}).
     */
    public Opened open(String token, Signer signer, String clientAddress) {
        Optional<HandOver> found = handOvers.byToken(token);
        Refusal refusal = precheck(found, signer, clientAddress, "open");
        return new Opened(found.orElse(null), refusal);
    }

    /** The rules that need no Graph: found, open, unexpired, signed in as the stored recipient, not the operator. */
    Refusal precheck(Optional<HandOver> found, Signer signer, String clientAddress, String step) {
        if (found.isEmpty()) {
            refusePickup(null, signer, clientAddress, step, "pickup.unknown-link");
            return new Refusal("pickup.unknown-link", HttpStatus.NOT_FOUND);
        }
        HandOver h = found.get();
        Instant now = clock.instant();
        String key = null;
        HttpStatus status = HttpStatus.FORBIDDEN;
        if (h.state() == HandOver.State.REVOKED) {
            key = "pickup.revoked";
            status = HttpStatus.GONE;
        } else if (h.state() == HandOver.State.EXPIRED || (h.state().open() && h.expiredAt(now))) {
            if (h.state().open()) {
                handOvers.expire(h.id(), now);
            }
            key = "pickup.expired";
            status = HttpStatus.GONE;
        } else if (!h.state().open()) {
            key = "pickup.used";
            status = HttpStatus.CONFLICT;
        } else if (signer.oid() == null || signer.oid().isBlank()) {
            key = "pickup.not-recipient";
        } else if (signer.oid().equalsIgnoreCase(h.operatorId())) {
            key = "pickup.operator";
        } else if (!signer.oid().equalsIgnoreCase(h.recipientId())) {
            key = "pickup.not-recipient";
        } else if (!"not-right".equals(step) && handOvers.pickupWindow().tooEarly(h, now)) {
            // a new hire's link before its day (walk finding 5): refused, not claimed, so it works once the window opens;
            // "not right" makes nothing and is taken at once (the recipient reports it when the mail comes)
            refusePickup(h, signer, clientAddress, step, "pickup.too-early");
            return new Refusal("pickup.too-early", HttpStatus.TOO_EARLY, handOvers.pickupWindow().opensAt(h),
                    handOvers.pickupWindow().zoneId());
        }
        if (key == null) {
            return null;
        }
        refusePickup(h, signer, clientAddress, step, key);
        return new Refusal(key, status);
    }

    /**
     * One audit row per refused pickup: the signer acts, about the hand-over's person (none for an unknown link).
     * {@code step}: {@code open} (the page) or {@code pickup} (the POST); {@code key}: the reason's message key.
     */
    void refusePickup(HandOver h, Signer signer, String clientAddress, String step, String key) {
        AuditLog.Context context = new AuditLog.Context(signer.asActor(), h == null ? null : h.personId(),
                h == null ? null : h.personUpn(), h == null ? null : h.ticket(), null, null, clientAddress);
        audit.eventIfPossible(AuditAction.PICKUP, AuditOutcome.REFUSED, context,
                "pickup refused " + step + " " + key + (h == null ? "" : "; handover " + h.id()));
        log.info("Pickup refused: {} ({})", key, h == null ? "no hand-over" : "hand-over " + h.id());
    }

    HandOvers store() {
        return handOvers;
    }
}
