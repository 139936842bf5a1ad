package io.tapdesk.approvals;

import io.tapdesk.security.Operator;
import io.tapdesk.web.ClientAddress;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
    String one(@PathVariable String id, @RequestParam(name = "open", required = false) String open,
               @ModelAttribute("operator") Operator operator, Model model) {
        var request = approvals.requestOf(RequestIds.require(id), operator).orElseThrow(RequestIds::notFound);
        // ?open: a second submit for the same person landed on this open request instead of a new one
        model.addAttribute("alreadyOpen", open != null);
        return page.render(request, operator, model);
    }

    /** The requester withdraws their open request (post/redirect/get); a settled one answers 409 with the page. */
    @PostMapping("/requests/{id}/withdraw")
    String withdraw(@PathVariable String id, @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                    HttpServletResponse response, RedirectAttributes flash, Model model) {
        long requestId = RequestIds.require(id);
        switch (approvals.withdraw(requestId, operator, ClientAddress.of(request))) {
            case NOT_FOUND -> throw RequestIds.notFound();
            case NOT_OPEN -> {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                model.addAttribute("issueError", "approval.error.not-open");
                return page.render(approvals.requestOf(requestId, operator).orElseThrow(RequestIds::notFound), operator,
                        model);
            }
            default -> {
                flash.addFlashAttribute("notice", "approval.done.withdrawn");
                return "redirect:/requests/" + requestId;
            }
        }
    }
}
