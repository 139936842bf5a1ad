package io.tapdesk.passes;

import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardReader;
import io.tapdesk.users.UserIds;
import io.tapdesk.verification.Incidents;
import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An Admin lifts a person's fence (issue 17) from the card, with a reason: post/redirect/get back to the card. */
@Controller
class FenceController {

    private final Incidents incidents;
    private final CardReader cards;
    private final UserCardPage page;
    private final OperatorTokens tokens;

    FenceController(Incidents incidents, CardReader cards, UserCardPage page, OperatorTokens tokens) {
        this.incidents = incidents;
        this.cards = cards;
        this.page = page;
        this.tokens = tokens;
    }

    @PostMapping("/users/{id}/fence/lift")
    String lift(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason,
                @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                HttpServletResponse response, RedirectAttributes flash, Model model) {
        String userId = UserIds.require(id);
        Incidents.Lift lift;
        try {
            lift = incidents.lift(operator, userId, reason, ClientAddress.of(request));
        } catch (AuditUnavailable | DataAccessException e) {
            // the fence stays: its lift and the audit row are one transaction
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            model.addAttribute("auditDamaged", e instanceof AuditUnavailable u && u.damaged());
            return "passes/not-recorded";
        }
        return switch (lift) {
            case LIFTED -> {
                flash.addFlashAttribute("notice", "fence.lifted");
                yield "redirect:/users/" + userId;
            }
            case NOT_ADMIN -> throw new ResponseStatusException(HttpStatus.FORBIDDEN);
            case INVALID_REASON -> card(userId, operator, HttpStatus.BAD_REQUEST, "fence.lift.error.reason", reason,
                    response, model);
            case NOT_FENCED -> card(userId, operator, HttpStatus.CONFLICT, "fence.lift.error.none", null, response, model);
            case OWN_REQUEST -> card(userId, operator, HttpStatus.FORBIDDEN, "fence.lift.error.own", reason, response, model);
        };
    }

    private String card(String userId, Operator operator, HttpStatus status, String error, String reason,
                        HttpServletResponse response, Model model) {
        response.setStatus(status.value());
        model.addAttribute("liftError", error);
        model.addAttribute("liftReason", reason);
        return page.render(cards.read(tokens.current(), userId, operator), operator, model);
    }
}
