package io.tapdesk.approvals;

import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.web.ClientAddress;
import io.tapdesk.web.FreeText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The approver's side: the queue (never their own requests), one request, approve or reject with a reason. */
@Controller
class ApprovalController {

    private final Approvals approvals;
    private final OperatorTokens tokens;

    ApprovalController(Approvals approvals, OperatorTokens tokens) {
        this.approvals = approvals;
        this.tokens = tokens;
    }

    @GetMapping("/approvals")
    String queue(@ModelAttribute("operator") Operator operator, Model model) {
        model.addAttribute("queue", approvals.queueFor(operator));
        model.addAttribute("batches", approvals.batchesFor(operator));
        model.addAttribute("decided", approvals.decidedBy(operator));
        model.addAttribute("now", approvals.now());
        model.addAttribute("issueWithin", approvals.properties().issueWithin());
        return "approvals/queue";
    }

    @GetMapping("/approvals/{id}")
    String request(@PathVariable String id, @ModelAttribute("operator") Operator operator, HttpServletResponse response,
                   Model model) {
        var view = approvals.forDecision(RequestIds.require(id), operator, tokens.current()).orElseThrow(RequestIds::notFound);
        var request = view.request();
        model.addAttribute("request", request);
        // what the approver sees about the person now; an approval stores the same read (docs/approvals.md §2)
        model.addAttribute("facts", view.facts());
        model.addAttribute("seenNow", view.now());
        model.addAttribute("limitsLeft", view.limitsLeft());
        model.addAttribute("own", request.requestedBy(operator.objectId()));
        model.addAttribute("ownAccount", request.isFor(operator.objectId()));
        model.addAttribute("shownState", request.shownState(approvals.now(), approvals.properties().issueWithin()));
        return "approvals/decide";
    }

    /** {@code seen}: what the page showed of the person ({@code ApprovalSnapshot.shown()}); a difference refuses. */
    @PostMapping("/approvals/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason,
                   @RequestParam(name = "seen", required = false) String seen,
                   @ModelAttribute("operator") Operator operator, HttpServletRequest request, HttpServletResponse response,
                   RedirectAttributes flash, Model model) {
        return decide(id, true, reason, seen, operator, request, response, flash, model);
    }

    @PostMapping("/approvals/{id}/reject")
    String reject(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason,
                  @ModelAttribute("operator") Operator operator, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes flash, Model model) {
        return decide(id, false, reason, null, operator, request, response, flash, model);
    }

    private String decide(String id, boolean approve, String reason, String seen, Operator operator, HttpServletRequest request,
                          HttpServletResponse response, RedirectAttributes flash, Model model) {
        long requestId = RequestIds.require(id);
        // counted as the decide page's textarea shows it (FreeText: a line break once), like a revoke's reason
        String why = FreeText.of(reason);
        if (why.length() < 3 || why.length() > 500 || FreeText.hasControl(why)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("reasonError", "approval.error.reason");
            return request(id, operator, response, model);
        }
        var decision = approvals.decide(requestId, operator, tokens.current(), approve, why, seen, ClientAddress.of(request));
        switch (decision) {
            case NOT_FOUND -> throw RequestIds.notFound();
            case OWN_REQUEST -> {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                model.addAttribute("decisionError", "approval.error.own");
                return request(id, operator, response, model);
            }
            case OWN_ACCOUNT -> {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                model.addAttribute("decisionError", "approval.error.own-account");
                return request(id, operator, response, model);
            }
            case OWN_HAND_OVER -> {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                model.addAttribute("decisionError", "approval.error.own-hand-over");
                return request(id, operator, response, model);
            }
            case UNREADABLE -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                model.addAttribute("decisionError", "approval.error.unreadable");
                return request(id, operator, response, model);
            }
            case CHANGED -> {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                model.addAttribute("decisionError", "approval.error.changed");
                return request(id, operator, response, model);
            }
            case NOT_PENDING -> {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                model.addAttribute("decisionError", "approval.error.not-pending");
                return request(id, operator, response, model);
            }
            default -> {
                flash.addFlashAttribute("notice", approve ? "approval.done.approved" : "approval.done.rejected");
                return "redirect:/approvals";
            }
        }
    }
}
