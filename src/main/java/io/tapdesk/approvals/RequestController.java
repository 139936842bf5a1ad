package io.tapdesk.approvals;

import io.tapdesk.passes.PassIssuer;
import io.tapdesk.passes.PassPage;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.web.FailureExplainer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The requester's side: their requests and their states, and issuing an approved one. As with every pass, the pass
 * page is the answer to the issuing POST; the approval can be used once.
 */
@Controller
class RequestController {

    private final Approvals approvals;
    private final OperatorTokens tokens;
    private final FailureExplainer explainer;

    private final io.tapdesk.web.DisplayTime displayTime;
    private final io.tapdesk.web.TimeZonePreference timeZones;

    RequestController(Approvals approvals, OperatorTokens tokens, FailureExplainer explainer,
                      io.tapdesk.web.DisplayTime displayTime, io.tapdesk.web.TimeZonePreference timeZones) {
        this.approvals = approvals;
        this.tokens = tokens;
        this.explainer = explainer;
        this.displayTime = displayTime;
        this.timeZones = timeZones;
    }

    @GetMapping("/requests")
    String mine(@ModelAttribute("operator") Operator operator, Model model) {
        model.addAttribute("requests", approvals.requestedBy(operator));
        model.addAttribute("now", approvals.now());
        model.addAttribute("issueWithin", approvals.properties().issueWithin());
        return "approvals/mine";
    }

    @GetMapping("/requests/{id}")
    String one(@PathVariable String id, @ModelAttribute("operator") Operator operator, Model model) {
        var request = approvals.find(RequestIds.require(id))
                .filter(r -> r.requesterOid().equalsIgnoreCase(operator.objectId()))
                .orElseThrow(RequestIds::notFound);
        model.addAttribute("request", request);
        model.addAttribute("shownState", request.shownState(approvals.now(), approvals.properties().issueWithin()));
        model.addAttribute("expiresAt", request.expiresAt(approvals.properties().issueWithin()));
        return "approvals/status";
    }

    @PostMapping("/requests/{id}/issue")
    String issue(@PathVariable String id, @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        var result = approvals.issue(RequestIds.require(id), operator, tokens.current(), request.getRemoteAddr());
        if (result.refusal() == Approvals.Refusal.NOT_FOUND) {
            throw RequestIds.notFound();
        }
        if (result.refusal() != null) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("issueError", result.refusal() == Approvals.Refusal.EXPIRED ? "approval.error.expired"
                    : "approval.error.not-approved");
            return one(id, operator, model);
        }
        model.addAttribute("user", io.tapdesk.directory.DirectoryUser.basic(result.request().targetId(),
                result.request().targetName(), result.request().targetUpn(), null, true, null));
        if (result.outcome() instanceof PassIssuer.Issued issued) {
            return PassPage.show(issued, response, model);
        }
        if (result.outcome() instanceof PassIssuer.Limited limited) {
            response.setStatus(429);
            model.addAttribute("issueError", "limit." + limited.limit());
            model.addAttribute("issueErrorArg", displayTime.local(limited.nextAllowed(), timeZones.resolve(request)));
            return one(id, operator, model);
        }
        if (result.outcome() instanceof PassIssuer.NotRecorded) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return "passes/not-recorded";
        }
        var failure = result.outcome() instanceof PassIssuer.Unknown unknown ? unknown.failure()
                : ((PassIssuer.Refused) result.outcome()).failure();
        var problem = explainer.explain(failure, operator);
        response.setStatus(problem.status().value());
        model.addAttribute("problem", problem);
        return "error/graph";
    }
}
