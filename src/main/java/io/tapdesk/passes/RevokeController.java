package io.tapdesk.passes;

import io.tapdesk.graph.GraphGateway;
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

    RevokeController(GraphGateway graph, OperatorTokens tokens) {
        this.graph = graph;
        this.tokens = tokens;
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
                  RedirectAttributes flash) {
        String userId = UserIds.require(id);
        if (passId == null || !passId.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        boolean removed = graph.revokePass(tokens.current(), userId, passId);
        log.info("Pass {} of user {} {}", passId, userId, removed ? "revoked" : "was already gone");
        flash.addFlashAttribute("notice", removed ? "revoke.done" : "revoke.already-gone");
        return "redirect:/users/" + userId;
    }
}
