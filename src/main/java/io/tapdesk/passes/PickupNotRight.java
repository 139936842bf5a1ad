package io.tapdesk.passes;

import java.time.Clock;
import java.util.Optional;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOvers;
import io.tapdesk.verification.Incidents;
import io.tapdesk.verification.Party;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "I did not ask for this" (the person) or "This is not right" (the manager) on a pickup page (walk of issue 19,
 * finding 6): the hand-over is revoked, audited, and an incident is reported ({@link Incidents#report}: the person is
 * fenced and the Approvers told), in one transaction, as a manager's "not right" to a question does. Only the stored
 * recipient of an open link can say it (the pickup page's rules, {@link HandingOver#precheck}).
 */
@Service
class PickupNotRight {

    /** What happened: {@code refusal} null when the hand-over was revoked and the incident reported. */
    record Result(HandOver handOver, Refusal refusal) {
    }

    private final HandingOver handingOver;
    private final HandOvers handOvers;
    private final Incidents incidents;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PickupNotRight(HandingOver handingOver, HandOvers handOvers, Incidents incidents, AuditLog audit,
                   TransactionTemplate transactions, Clock clock) {
        this.handingOver = handingOver;
        this.handOvers = handOvers;
        this.incidents = incidents;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * @throws io.tapdesk.audit.AuditUnavailable or a {@code DataAccessException}: nothing was stored (the link still
     *                                          works; the page says so through the error pages)
     */
    Result report(String token, HandingOver.Signer signer, String clientAddress) {
        Optional<HandOver> found = handOvers.byToken(token);
        Refusal refusal = handingOver.precheck(found, signer, clientAddress, "not-right");
        if (refusal != null) {
            return new Result(found.orElse(null), refusal);
        }
        HandOver h = found.get();
        Boolean done = transactions.execute(status -> {
            if (!handOvers.revoke(h.id(), "recipient: not asked for", clock.instant())) {
                return false;
            }
            // the incident first (it takes the fence lock, then the audit chain's), then this row: the order every
            // holder of both locks takes them
            incidents.report(new Party(signer.oid(), signer.username(), signer.name()),
                    new Party(h.personId(), h.personUpn(), h.personName()),
                    new Party(h.operatorId(), h.operatorUpn(), h.operatorName()), h.ticket(), clientAddress,
                    h.recipientKind() == HandOver.RecipientKind.PERSON ? "pickup link: I did not ask for this"
                            : "pickup link: this is not right");
            audit.event(AuditAction.HANDOVER, AuditOutcome.NOT_RIGHT,
                    new AuditLog.Context(signer.asActor(), h.personId(), h.personUpn(), h.ticket(), null, null, clientAddress),
                    "handover " + h.id() + " revoked");
            return true;
        });
        if (!Boolean.TRUE.equals(done)) {
            // picked up or revoked meanwhile
            return new Result(h, new Refusal("pickup.used", HttpStatus.CONFLICT));
        }
        return new Result(handOvers.find(h.id()).orElse(h), null);
    }
}
