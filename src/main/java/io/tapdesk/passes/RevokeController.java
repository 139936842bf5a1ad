package io.tapdesk.passes;

import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.UserIds;
import io.tapdesk.web.ClientAddress;
import io.tapdesk.web.FailureExplainer;
import io.tapdesk.web.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Revoke (Admin only): a confirmation that names the person, then post/redirect/get back to the card. */
@Controller
class RevokeController {

    private final PassRevoking revoking;
    private final GraphGateway graph;
    private final OperatorTokens tokens;
    private final FailureExplainer explainer;

    RevokeController(PassRevoking revoking, GraphGateway graph, OperatorTokens tokens, FailureExplainer explainer) {
        this.revoking = revoking;
        this.graph = graph;
        this.tokens = tokens;
        this.explainer = explainer;
    }

    @GetMapping("/users/{id}/passes/revoke")
    String confirm(@PathVariable String id, Model model) {
        String userId = UserIds.require(id);
        GraphToken token = tokens.current();
        model.addAttribute("user", graph.user(token, userId));
        model.addAttribute("pass", graph.currentPass(token, userId));
        return "passes/revoke";
    }

    @PostMapping("/users/{id}/passes/revoke")
    String revoke(@PathVariable String id, @RequestParam(name = "passId", required = false) String passId,
                  @RequestParam(name = "ticket", required = false) String ticket,
                  @RequestParam(name = "reason", required = false) String reason,
                  @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes flash, Model model) {
        String userId = UserIds.require(id);
        if (passId == null || !passId.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        RevokeOutcome outcome = revoking.revoke(operator, tokens.current(), userId, passId, ticket, reason,
                ClientAddress.of(request));
        return outcome.accept(new RevokeOutcome.Cases<>() {
            public String revoked(RevokeOutcome.Revoked done) {
                flash.addFlashAttribute("notice", done.alreadyGone() ? "revoke.already-gone" : "revoke.done");
                return "redirect:/users/" + userId;
            }

            public String replaced(RevokeOutcome.Replaced replaced) {
                // the confirmation again, for the newer pass: revoking it is a new, knowing decision
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                model.addAttribute("user", replaced.user());
                model.addAttribute("pass", replaced.newer());
                model.addAttribute("replacedBy", replaced.newer());
                // what the admin typed stays: the same ticket and reason, for the pass they now see
                model.addAttribute("ticket", ticket);
                model.addAttribute("reason", reason);
                return "passes/revoke";
            }

            public String busy(RevokeOutcome.Busy busy) {
                response.setStatus(busy.samePerson() ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                model.addAttribute("userId", userId);
                model.addAttribute("samePerson", busy.samePerson());
                return "passes/busy";
            }

            public String notRecorded(RevokeOutcome.NotRecorded notRecorded) {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                model.addAttribute("auditDamaged", notRecorded.damaged());
                return "passes/not-recorded";
            }

            public String invalidForm(RevokeOutcome.InvalidForm invalid) {
                // the confirmation again, with what was typed and what is wrong
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                confirm(id, model);
                model.addAttribute("ticket", ticket);
                model.addAttribute("reason", reason);
                model.addAttribute("invalid", invalid);
                return "passes/revoke";
            }

            public String graphFailed(RevokeOutcome.GraphFailed failed) {
                Problem problem = explainer.explain(failed.failure(), operator);
                response.setStatus(problem.status().value());
                model.addAttribute("problem", problem);
                return "error/graph";
            }
        });
    }
}
