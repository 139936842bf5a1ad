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
import io.tapdesk.limits.PersonLock;
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

    HandingOver(PersonLock lock, CardReader cards, Guardrails guardrails, GraphGateway graph, HandOvers handOvers,
                HandOverProperties properties, AuditLog audit, Clock clock) {
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
     * {@code onboarding.unreadable} (Graph or PostgreSQL failed; nothing stored), {@code handover.privileged}.
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
        GraphToken token = graph.appOnlyToken();
        CardFacts facts = cards.read(token, plan.personId(), operator);
        AuditLog.Context context = new AuditLog.Context(operator, facts.user().id(), facts.user().userPrincipalName(),
                "onboarding " + batchId, null, null, batch.clientAddress());
        PassRequest request = new PassRequest(batch.lifetimeMinutes(), batch.oneTime(), plan.passStart());
        String refusal = firstRefusal(operator, facts, request);
        if (refusal == null) {
            refusal = onboardingRefusal(facts);
        }
        if (refusal != null) {
            audit.eventIfPossible(AuditAction.REFUSED, AuditOutcome.REFUSED, context, "handover onboarding " + refusal);
            return PlanOutcome.refused(plan.personId(), refusal);
        }
        Manager manager = facts.manager().value().orElseThrow();
        long id = handOvers.schedule(new HandOvers.Draft(HandOver.Kind.ONBOARDING, HandOver.RecipientKind.MANAGER,
                manager.id(), null, manager.displayName(), facts.user().id(), facts.user().userPrincipalName(),
                facts.user().displayName(), operator.objectId(), operator.username(), operator.name(),
                operator.appRoles(), operator.directoryRoles(), "onboarding " + batchId, batch.lifetimeMinutes(),
                batch.oneTime(), plan.passStart(), null, plan.linkSendAt(), plan.linkExpires(), null, batchId));
        audit.event(AuditAction.HANDOVER, AuditOutcome.HANDED_OVER, context,
                "handover " + id + " onboarding manager " + manager.id());
        return PlanOutcome.scheduled(plan.personId(), id);
    }

    /** The guardrails about the person and the request, and the hand-over's own rule for privileged people. */
    String firstRefusal(Operator operator, CardFacts facts, PassRequest request) {
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
        if (facts.privilege().countsAsPrivileged()) {
            // an approval request does not carry a recipient yet: privileged people get no hand-over (README)
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
}
