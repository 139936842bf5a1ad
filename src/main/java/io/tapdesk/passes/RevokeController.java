package io.tapdesk.passes;

import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.security.Operator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.ModelAttribute;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.UserIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Revoke (Admin only): a confirmation that names the person, then post/redirect/get back to the card. */
@Controller
class RevokeController {

    private static final Logger log = LoggerFactory.getLogger(RevokeController.class);

    private final GraphGateway graph;
    private final OperatorTokens tokens;
    private final AuditLog audit;

    RevokeController(GraphGateway graph, OperatorTokens tokens, AuditLog audit) {
        this.graph = graph;
        this.tokens = tokens;
        this.audit = audit;
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
                  @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes flash) {
        String userId = UserIds.require(id);
        if (passId == null || !passId.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        GraphToken token = tokens.current();
        var user = graph.user(token, userId);
        AuditLog.Action action;
        try {
            action = audit.intend("revoke", new AuditLog.Context(operator, userId, user.userPrincipalName(), null, null,
                    "pass " + passId, request.getRemoteAddr()), AuditLog.Settings.NONE);
        } catch (AuditUnavailable e) {
            log.error("Not revoking for user {}: the audit trail is unavailable", userId, e);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return "passes/not-recorded";
        }
        boolean removed;
        try {
            removed = graph.revokePass(token, userId, passId);
        } catch (GraphFailure failure) {
            action.outcome(failure.outcomeUnknown() ? "unknown" : "failed", failure.requestId(), failure.kind() + " " + failure.code());
            throw failure;
        }
        action.outcome(removed ? "revoked" : "already-gone", null, null);
        log.info("Pass {} of user {} {}", passId, userId, removed ? "revoked" : "was already gone");
        flash.addFlashAttribute("notice", removed ? "revoke.done" : "revoke.already-gone");
        return "redirect:/users/" + userId;
    }
}
