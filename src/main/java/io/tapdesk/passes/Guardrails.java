package io.tapdesk.passes;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tapdesk.approvals.ApprovalProperties;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.GuardrailProperties;
import io.tapdesk.users.PolicyCoverage;
import io.tapdesk.verification.Fence;
import io.tapdesk.verification.Incidents;
import io.tapdesk.web.DisplayTime;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * TapDesk's own rules, checked on the server for every issue (the form only hides what they refuse):
 * no pass for yourself, an external guest or a disabled account; none for a person fenced after an incident, or whose
 * fence cannot be read ({@link Incidents}); none while the tenant has passes switched off;
 * privileged people (and people whose privilege could not be read), multi-use passes and long lifetimes only for
 * TapDesk.Admin; none for a person the tenant's pass policy does not target; no pass while the person's current
 * pass cannot be read (a working one would be replaced unseen). Replacing a working pass takes a confirmation bound
 * to its id ({@link PassIssuing}). The tenant policy's own range and one-time rule are form errors (IssueFormParser).
 */
@Component
public class Guardrails {

    private final GuardrailProperties properties;
    private final ApprovalProperties approval;
    private final Incidents incidents;
    private final DisplayTime displayTime;

    Guardrails(GuardrailProperties properties, ApprovalProperties approval, Incidents incidents, DisplayTime displayTime) {
        this.properties = properties;
        this.approval = approval;
        this.incidents = incidents;
        this.displayTime = displayTime;
    }

    /**
     * Refusals about the person, whatever the form says: the card shows them instead of the form. They include a
     * current pass that cannot be read ({@link #forPassRead}).
     */
    public List<Refusal> forPerson(Operator operator, CardFacts facts) {
        List<Refusal> refusals = new ArrayList<>();
        var user = facts.user();
        if (operator.objectId().equalsIgnoreCase(user.id())) {
            refusals.add(new Refusal("guard.self", HttpStatus.FORBIDDEN));
        }
        if (user.externalGuest()) {
            refusals.add(new Refusal("guard.external-guest", HttpStatus.CONFLICT));
        }
        if (!user.accountEnabled()) {
            refusals.add(new Refusal("guard.disabled-account", HttpStatus.CONFLICT));
        }
        refusals.addAll(forFence(user.id()));
        if (facts.policy().known() && !facts.policy().policy().enabled()) {
            refusals.add(new Refusal("guard.policy-disabled", HttpStatus.CONFLICT));
        } else if (facts.coverage() == PolicyCoverage.EXCLUDED || facts.coverage() == PolicyCoverage.NOT_INCLUDED) {
            // Graph would make a pass "disabled by policy": one the caller cannot use, replacing any that works
            refusals.add(new Refusal(facts.coverage() == PolicyCoverage.EXCLUDED ? "guard.policy-excluded"
                    : "guard.policy-not-included", HttpStatus.CONFLICT));
        }
        if (!operator.canServePrivileged()) {
            if (facts.privilege().unknown()) {
                // fail closed: with a privilege read failed TapDesk cannot tell whether this person is an
                // administrator, and Entra would refuse this operator's create for one anyway
                refusals.add(new Refusal("guard.privilege-unknown", HttpStatus.SERVICE_UNAVAILABLE));
            } else if (facts.privilege().privileged() && !approval.privilegedTarget()) {
                // with four-eyes approval on, a Helpdesk request for a privileged person becomes a request for approval
                refusals.add(new Refusal("guard.privileged", HttpStatus.FORBIDDEN));
            }
        }
        // about the person too: the card offers no form that can only be refused (walk of #13: Patti's card said
        // "cannot" at the top and offered the form below), and a crafted POST gets this reason whatever its token
        refusals.addAll(forPassRead(facts));
        return refusals;
    }

    /**
     * A fenced person (issue 17: their manager said "This is not right") gets no pass until the fence ends or an Admin
     * lifts it. 409, as for a disabled account: the operator may issue, but the person's state stands in the way, and
     * lifting it is a separate, knowing step. A fence that cannot be read refuses too (fail closed: 503).
     */
    private List<Refusal> forFence(String personId) {
        Optional<Fence> fence;
        try {
            fence = incidents.active(personId);
        } catch (DataAccessException e) {
            LoggerFactory.getLogger(Guardrails.class).error("Fence of person {} unreadable: refusing", personId, e);
            return List.of(new Refusal("guard.fence-unknown", HttpStatus.SERVICE_UNAVAILABLE));
        }
        // the end rounded up: a time shown to the minute must not promise a pass before the fence has ended
        return fence.map(f -> List.of(new Refusal("guard.fenced", HttpStatus.CONFLICT,
                displayTime.both(f.untilShown(), ZoneOffset.UTC), f.reportedBy().label())))
                .orElse(List.of());
    }

    /** Refusals about this request; check {@link #forPerson} first. */
    public List<Refusal> forRequest(Operator operator, CardFacts facts, PassRequest request) {
        List<Refusal> refusals = new ArrayList<>();
        if (!operator.canServePrivileged() && !request.usableOnce() && !approval.multiUse()) {
            refusals.add(new Refusal("guard.multi-use", HttpStatus.FORBIDDEN));
        }
        if (!operator.canServePrivileged() && request.lifetimeMinutes() > properties.helpdeskMaxLifetime()
                && request.lifetimeMinutes() <= approval.lifetimeAbove()) {
            refusals.add(new Refusal("guard.lifetime-ceiling", HttpStatus.FORBIDDEN, properties.helpdeskMaxLifetime()));
        }
        return refusals;
    }

    /**
     * A current pass that could not be read refuses any request (the card says so up front): fail closed, a pass that
     * cannot be read may be a working one, and a create would replace it unseen; a 403 on the read means Entra will
     * refuse this operator's create too, so no request should wait for it.
     */
    private List<Refusal> forPassRead(CardFacts facts) {
        if (facts.pass().ok()) {
            return List.of();
        }
        // Graph's answer in the explainer's words (the same the card's boxes show: a role that ended, a protected
        // person, Graph busy for N seconds), so the line at the top never gives other advice than the box below it
        var problem = facts.pass().problem();
        return List.of(problem.status() == HttpStatus.FORBIDDEN
                ? new Refusal("guard.pass-forbidden", HttpStatus.FORBIDDEN, problem.headline(), problem.advice())
                : new Refusal("guard.pass-unknown", HttpStatus.SERVICE_UNAVAILABLE, problem.headline(), problem.advice()));
    }

    /**
     * The lifetime rule for this operator, as the form's hint states it, from the same settings {@link #forRequest}
     * and the approval rules apply: a key of {@code issue.lifetime.rule.*} and its arguments (after the range).
     */
    public Refusal lifetimeRule(Operator operator) {
        int above = approval.lifetimeAbove();
        int ceiling = properties.helpdeskMaxLifetime();
        if (operator.canServePrivileged() || ceiling >= above) {
            return new Refusal("issue.lifetime.rule.approval", HttpStatus.OK, above);
        }
        return new Refusal("issue.lifetime.rule.admin-then-approval", HttpStatus.OK, ceiling, above);
    }

    /** Whether a long or multi-use request from Helpdesk goes to approval instead of being refused. */
    public boolean approvalCovers(boolean multiUse, int lifetime) {
        return multiUse ? approval.multiUse() : lifetime > approval.lifetimeAbove();
    }

    public int helpdeskMaxLifetime() {
        return properties.helpdeskMaxLifetime();
    }
}
