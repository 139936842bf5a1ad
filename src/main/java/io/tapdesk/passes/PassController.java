package io.tapdesk.passes;

import io.tapdesk.directory.PassStatus;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.verification.Verification;
import java.util.List;

import io.tapdesk.approvals.ApprovalRules;
import io.tapdesk.approvals.Approvals;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.limits.PersonLock;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardFacts;
import io.tapdesk.users.CardReader;
import io.tapdesk.passes.UserCardPage;
import io.tapdesk.users.UserIds;
import io.tapdesk.web.FailureExplainer;
import io.tapdesk.web.Problem;
import io.tapdesk.web.TimeZonePreference;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Issuing. The pass page is the response to the issuing POST itself: the value is rendered once and waits nowhere
 * (no redirect, no session, no flash attribute). A re-sent POST finds its single-use token spent. Form errors and
 * guardrail refusals re-render the card with the reason and keep the token.
 */
@Controller
class PassController {

    private final PassIssuer issuer;
    private final CardReader cards;
    private final OperatorTokens tokens;
    private final IssueTokens issueTokens;
    private final IssueFormParser parser;
    private final Guardrails guardrails;
    private final UserCardPage cardPage;
    private final TimeZonePreference timeZones;
    private final FailureExplainer explainer;
    private final AuditLog audit;
    private final ApprovalRules approvalRules;
    private final Approvals approvals;
    private final PersonLock personLock;
    private final io.tapdesk.web.DisplayTime displayTime;

    /** Someone issued a pass for this person since the form was loaded. */
    private record ReplaceNeeded(PassStatus current) implements PassIssuer.Outcome {
    }

    PassController(PassIssuer issuer, CardReader cards, OperatorTokens tokens, IssueTokens issueTokens,
                   IssueFormParser parser, Guardrails guardrails, UserCardPage cardPage, TimeZonePreference timeZones,
                   FailureExplainer explainer, AuditLog audit, ApprovalRules approvalRules, Approvals approvals,
                   PersonLock personLock, io.tapdesk.web.DisplayTime displayTime) {
        this.issuer = issuer;
        this.cards = cards;
        this.tokens = tokens;
        this.issueTokens = issueTokens;
        this.parser = parser;
        this.guardrails = guardrails;
        this.cardPage = cardPage;
        this.timeZones = timeZones;
        this.explainer = explainer;
        this.audit = audit;
        this.approvalRules = approvalRules;
        this.approvals = approvals;
        this.personLock = personLock;
        this.displayTime = displayTime;
    }

    @PostMapping("/users/{id}/passes")
    String issue(@PathVariable String id, @ModelAttribute("issueForm") IssueForm form, BindingResult errors,
                 @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                 HttpServletResponse response, HttpSession session, Model model) {
        String userId = UserIds.require(id);
        GraphToken token = tokens.current();
        CardFacts facts = cards.read(token, userId, operator);
        // who the person is decides first: a crafted POST for a refused person gets the reason, whatever its token
        List<Refusal> personRefusals = guardrails.forPerson(operator, facts);
        if (!personRefusals.isEmpty()) {
            recordRefusal(operator, facts, null, personRefusals, request);
            response.setStatus(personRefusals.get(0).status().value());
            return cardPage.render(facts, operator, form, List.of(), session, model);
        }
        if (!issueTokens.isUnspent(session, userId, form.getIssueToken())) {
            return spent(token, userId, response, model);
        }
        var policy = facts.policy().known() ? facts.policy().policy() : null;
        PassRequest passRequest = parser.parse(form, timeZones.resolve(request), policy, errors);
        Verification verification = parser.verification(form, errors);
        if (passRequest == null || verification == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return cardPage.render(facts, operator, form, List.of(), session, model);
        }
        List<Refusal> refusals = guardrails.forRequest(operator, facts, passRequest, form.isReplaceConfirmed());
        if (!refusals.isEmpty()) {
            recordRefusal(operator, facts, verification, refusals, request);
            response.setStatus(refusals.get(0).status().value());
            return cardPage.render(facts, operator, form, refusals, session, model);
        }
        if (!issueTokens.spend(session, userId, form.getIssueToken())) {
            // a second tab or a double click won the race for this token
            return spent(token, userId, response, model);
        }
        List<String> approvalReasons = approvalRules.forRequest(facts, passRequest);
        if (!approvalReasons.isEmpty()) {
            // four eyes: stored as a request, nothing goes to Graph until someone else approves it
            try {
                long requestId = approvals.request(operator, facts.user(), passRequest, verification, approvalReasons,
                        request.getRemoteAddr());
                return "redirect:/requests/" + requestId;
            } catch (AuditUnavailable | org.springframework.dao.DataAccessException e) {
                LoggerFactory.getLogger(PassController.class).error("An approval request could not be stored", e);
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return "passes/not-recorded";
            }
        }
        model.addAttribute("user", facts.user());
        // one issue at a time per person, on every instance; inside, the pass is read again: if someone else issued
        // one since this form was filled in, the operator must confirm replacing that one
        PassIssuer.Outcome outcome = personLock.exclusive(userId, () -> {
            PassStatus current = cards.pass(token, userId);
            if (current.live() && !(form.isReplaceConfirmed() && current.passId().equals(form.getReplacePassId()))) {
                return new ReplaceNeeded(current);
            }
            return issuer.issue(token, context(operator, facts, verification, request), passRequest, current.exists());
        });
        if (outcome instanceof ReplaceNeeded replace) {
            form.setIssueToken(null);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return cardPage.render(cards.read(token, userId, operator), operator, form,
                    List.of(new Refusal("guard.replace-changed", org.springframework.http.HttpStatus.CONFLICT,
                            displayTime.local(replace.current().expires(), timeZones.resolve(request)))), session, model);
        }
        if (outcome instanceof PassIssuer.Limited limited) {
            response.setStatus(429);
            return cardPage.render(facts, operator, form, List.of(new Refusal("limit." + limited.limit(),
                    org.springframework.http.HttpStatus.TOO_MANY_REQUESTS,
                    displayTime.local(limited.nextAllowed(), timeZones.resolve(request)))), session, model);
        }
        if (outcome instanceof PassIssuer.NotRecorded) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return "passes/not-recorded";
        }
        if (outcome instanceof PassIssuer.Issued issued) {
            return PassPage.show(issued, response, model);
        }
        if (outcome instanceof PassIssuer.Unknown unknown) {
            Problem problem = explainer.explain(unknown.failure(), operator);
            response.setStatus(problem.status().value());
            model.addAttribute("problem", problem);
            model.addAttribute("pass", unknown.current());
            if (unknown.readFailure() != null) {
                model.addAttribute("passProblem", explainer.explain(unknown.readFailure(), operator));
            }
            return "passes/unknown";
        }
        Problem problem = explainer.explain(((PassIssuer.Refused) outcome).failure(), operator);
        response.setStatus(problem.status().value());
        model.addAttribute("issueProblem", problem);
        // Graph refused, so nothing changed since the card was read: the facts still hold
        return cardPage.render(facts, operator, form, List.of(), session, model);
    }

    private static AuditLog.Context context(Operator operator, CardFacts facts, Verification verification,
                                            HttpServletRequest request) {
        return (verification == null ? Verification.NONE : verification)
                .auditContext(operator, facts.user().id(), facts.user().userPrincipalName(), request.getRemoteAddr());
    }

    /** A refusal is an action too; if it cannot be recorded, the refusal still stands. */
    private void recordRefusal(Operator operator, CardFacts facts, Verification verification, List<Refusal> refusals,
                               HttpServletRequest request) {
        audit.eventIfPossible("refused", "refused", context(operator, facts, verification, request),
                String.join(",", refusals.stream().map(Refusal::key).toList()));
    }

    private String spent(GraphToken token, String userId, HttpServletResponse response, Model model) {
        model.addAttribute("user", cards.user(token, userId));
        model.addAttribute("pass", cards.pass(token, userId));
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        return "passes/spent";
    }
}
