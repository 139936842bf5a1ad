package io.tapdesk.passes;

import java.time.ZoneId;
import java.util.List;

import io.tapdesk.approvals.ApprovalRequest;
import io.tapdesk.approvals.Approvals;
import io.tapdesk.approvals.RequestIds;
import io.tapdesk.approvals.RequestPage;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.security.Operator;
import io.tapdesk.users.CardFacts;
import io.tapdesk.web.DisplayTime;
import io.tapdesk.web.FailureExplainer;
import io.tapdesk.web.Problem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/**
 * The one mapping from an {@link IssueOutcome} to a status, a model and a page, for every entry point. Outcomes that
 * end the attempt (a pass shown once, a request stored, busy, not recorded, unknown, spent) look alike whichever way
 * the issue came in; outcomes that send the operator back (a refusal, a limit, Graph's refusal, a pass to confirm
 * replacing) show the form they came from: the card, or the approved request's page.
 */
@Component
public class IssuePages {

    private final UserCardPage cardPage;
    private final RequestPage requestPage;
    private final FailureExplainer explainer;
    private final DisplayTime displayTime;

    IssuePages(UserCardPage cardPage, RequestPage requestPage, FailureExplainer explainer, DisplayTime displayTime) {
        this.cardPage = cardPage;
        this.requestPage = requestPage;
        this.explainer = explainer;
        this.displayTime = displayTime;
    }

    /** Where the issue came from: the card's form or an approved request. */
    public sealed interface Origin {
    }

    public record FromCard(IssueForm form) implements Origin {
    }

    public record FromRequest(long requestId) implements Origin {
    }

    /** The page for {@code outcome}; the response's status is set here. */
    public String show(IssueOutcome outcome, Origin origin, Operator operator, ZoneId zone,
                       HttpServletResponse response, Model model) {
        return outcome.accept(new Pages(origin, operator, zone, response, model));
    }

    private final class Pages implements IssueOutcome.Cases<String> {

        private final Origin origin;
        private final Operator operator;
        private final ZoneId zone;
        private final HttpServletResponse response;
        private final Model model;

        Pages(Origin origin, Operator operator, ZoneId zone, HttpServletResponse response, Model model) {
            this.origin = origin;
            this.operator = operator;
            this.zone = zone;
            this.response = response;
            this.model = model;
        }

        @Override
        public String issued(IssueOutcome.Issued outcome) {
            model.addAttribute("user", outcome.user());
            return PassPage.show(outcome.pass(), response, model);
        }

        @Override
        public String replaceNeeded(IssueOutcome.ReplaceNeeded outcome) {
            PassStatus current = outcome.current();
            String expires = displayTime.local(current.expires(), zone);
            Refusal why = outcome.seenBefore() ? new Refusal("guard.replace-unconfirmed", HttpStatus.CONFLICT)
                    : new Refusal(origin instanceof FromCard ? "guard.replace-changed" : "guard.replace-since-request",
                    HttpStatus.CONFLICT, expires);
            if (origin instanceof FromCard card && !outcome.seenBefore()) {
                // a tick, if any, was for another pass: the operator must tick again, knowingly, for this one
                card.form().setReplace(null);
            }
            return backToForm(outcome.facts(), HttpStatus.CONFLICT, List.of(why), null, current);
        }

        @Override
        public String needsApproval(IssueOutcome.NeedsApproval outcome) {
            return "redirect:/requests/" + outcome.requestId() + (outcome.existing() ? "?open" : "");
        }

        @Override
        public String refused(IssueOutcome.Refused outcome) {
            // refusals about the person show in place of the card's form; the card computes them itself
            List<Refusal> shown = outcome.aboutPerson() && origin instanceof FromCard ? List.of() : outcome.refusals();
            return backToForm(outcome.facts(), outcome.refusals().get(0).status(), shown, null, null);
        }

        @Override
        public String notVerified(IssueOutcome.NotVerified outcome) {
            // 403: allowed only once the caller is checked; the card's "who is calling" section says how
            var bound = outcome.notCovering() == null ? null : outcome.notCovering().bound();
            Refusal why = bound == null
                    ? new Refusal("caller.needed." + outcome.needed().tier().stored(), HttpStatus.FORBIDDEN)
                    : new Refusal(bound.oneTime() ? "caller.needed.covered.one-time" : "caller.needed.covered.multi-use",
                    HttpStatus.FORBIDDEN, bound.ticket(), bound.lifetimeMinutes());
            return backToForm(outcome.facts(), HttpStatus.FORBIDDEN, List.of(why), null, null);
        }

        @Override
        public String invalid(IssueOutcome.Invalid outcome) {
            return backToForm(outcome.facts(), HttpStatus.BAD_REQUEST, List.of(), null, null);
        }

        @Override
        public String spent(IssueOutcome.Spent outcome) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("user", outcome.user());
            model.addAttribute("pass", outcome.current());
            return "passes/spent";
        }

        @Override
        public String limited(IssueOutcome.Limited outcome) {
            return backToForm(outcome.facts(), HttpStatus.TOO_MANY_REQUESTS, List.of(new Refusal("limit." + outcome.limit(),
                    HttpStatus.TOO_MANY_REQUESTS, displayTime.both(DisplayTime.upToMinute(outcome.nextAllowed()), zone))),
                    null, null);
        }

        @Override
        public String busy(IssueOutcome.Busy outcome) {
            response.setStatus(outcome.samePerson() ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            model.addAttribute("userId", outcome.userId());
            model.addAttribute("samePerson", outcome.samePerson());
            return "passes/busy";
        }

        @Override
        public String notRecorded(IssueOutcome.NotRecorded outcome) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            model.addAttribute("auditDamaged", outcome.damaged());
            return "passes/not-recorded";
        }

        @Override
        public String graphRefused(IssueOutcome.GraphRefused outcome) {
            // the person was read just before the create: a 404 is not a deleted account, a 403 is told apart
            Problem problem = explainer.explainPart(outcome.failure(), operator, FailureExplainer.Needs.PASS_WRITE,
                    outcome.facts().privilege().countsAsPrivileged());
            if (outcome.failure().kind() == GraphFailure.Kind.START_IN_PAST && origin instanceof FromCard
                    && model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "issueForm") instanceof BindingResult errors) {
                // a start in the next minute can have passed by the time it reaches Graph: say so at the start field
                errors.rejectValue("startDate", "graph16.start-in-past.field");
            }
            // Graph refused, so nothing changed since the person was read: the facts still hold
            return backToForm(outcome.facts(), problem.status(), List.of(), problem, null);
        }

        @Override
        public String unknown(IssueOutcome.Unknown outcome) {
            Problem problem = explainer.explain(outcome.failure(), operator);
            if (outcome.noNewPass() && origin instanceof FromRequest) {
                // no new pass was made: the approval was released, and the request page says it is still usable
                model.addAttribute("stillUsable", true);
                return backToForm(null, problem.status(), List.of(), problem, null);
            }
            response.setStatus(problem.status().value());
            model.addAttribute("user", outcome.user());
            model.addAttribute("problem", problem);
            model.addAttribute("pass", outcome.current());
            if (outcome.readFailure() != null) {
                model.addAttribute("passProblem", explainer.explain(outcome.readFailure(), operator));
            }
            return "passes/unknown";
        }

        @Override
        public String requestUnusable(IssueOutcome.RequestUnusable outcome) {
            if (outcome.why() == Approvals.Claim.NOT_FOUND) {
                throw RequestIds.notFound();
            }
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("issueError", outcome.why() == Approvals.Claim.EXPIRED ? "approval.error.expired"
                    : "approval.error.not-approved");
            return requestPage.render(outcome.request(), operator, model);
        }

        @Override
        public String sentBack(IssueOutcome.SentBack outcome) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("issueError", "approval.error.sent-back");
            ApprovalRequest request = requestPage.find(outcome.request().id(), operator).orElseThrow(RequestIds::notFound);
            return requestPage.render(request, operator, model);
        }

        @Override
        public String handedOver(IssueOutcome.HandedOver outcome) {
            // 201: a hand-over was made; the page says who receives the link and until when, never the link itself
            response.setStatus(HttpServletResponse.SC_CREATED);
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("user", outcome.user());
            model.addAttribute("made", outcome.made());
            return "passes/handed-over";
        }

        /** Back to the form the issue came from, with what stopped it; nothing was sent to Graph (or Graph refused). */
        private String backToForm(CardFacts facts, HttpStatus status, List<Refusal> refusals, Problem problem,
                                  PassStatus replace) {
            response.setStatus(status.value());
            if (origin instanceof FromCard card) {
                model.addAttribute("issueProblem", problem);
                return cardPage.render(facts, operator, card.form(), refusals, model);
            }
            long requestId = ((FromRequest) origin).requestId();
            ApprovalRequest request = requestPage.find(requestId, operator).orElseThrow(RequestIds::notFound);
            model.addAttribute("issueRefusals", refusals);
            model.addAttribute("issueProblem", problem);
            model.addAttribute("replacePass", replace);
            return requestPage.render(request, operator, facts, model);
        }
    }
}
