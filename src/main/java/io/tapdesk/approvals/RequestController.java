package io.tapdesk.approvals;

import io.tapdesk.security.Operator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The requester's side: their requests and their states. Issuing an approved one is the issuing use case's
 * (passes.ApprovedIssueController), like every pass.
 */
@Controller
class RequestController {

    private final Approvals approvals;
    private final RequestPage page;

    RequestController(Approvals approvals, RequestPage page) {
        this.approvals = approvals;
        this.page = page;
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
        var request = approvals.requestOf(RequestIds.require(id), operator).orElseThrow(RequestIds::notFound);
        return page.render(request, model);
    }
}
