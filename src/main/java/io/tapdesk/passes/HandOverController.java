package io.tapdesk.passes;

import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardReader;
import io.tapdesk.users.UserIds;
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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Revoke link" on the card (issue 19, Helpdesk and Admin): a hand-over not yet picked up is revoked, audited, and the
 * card shows it (post/redirect/get). Picked up, revoked or expired already: the card again with the reason (409).
 */
@Controller
class HandOverController {

    private final HandingOver handingOver;
    private final CardReader cards;
    private final UserCardPage page;
    private final OperatorTokens tokens;

    HandOverController(HandingOver handingOver, CardReader cards, UserCardPage page, OperatorTokens tokens) {
        this.handingOver = handingOver;
        this.cards = cards;
        this.page = page;
        this.tokens = tokens;
    }

    @PostMapping("/users/{id}/handovers/{handOverId}/revoke")
    String revoke(@PathVariable String id, @PathVariable String handOverId, @ModelAttribute("operator") Operator operator,
                  HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash, Model model) {
        String userId = UserIds.require(id);
        long handOver = number(handOverId);
        HandingOver.Revoked revoked;
        try {
            revoked = handingOver.revoke(operator, userId, handOver, ClientAddress.of(request));
        } catch (AuditUnavailable | DataAccessException e) {
            // the revoke and its audit row are one transaction: nothing changed
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            model.addAttribute("auditDamaged", e instanceof AuditUnavailable u && u.damaged());
            return "passes/not-recorded";
        }
        return switch (revoked) {
            case REVOKED -> {
                flash.addFlashAttribute("notice", "handover.revoked");
                // the card's line of this hand-over says whose link no longer works (walk of #19, finding 13)
                flash.addFlashAttribute("revokedHandOver", Long.toString(handOver));
                yield "redirect:/users/" + userId;
            }
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            case TOO_LATE -> {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                model.addAttribute("notice", "handover.revoke.too-late");
                yield page.render(cards.read(tokens.current(), userId, operator), operator, model);
            }
        };
    }

    private static long number(String raw) {
        if (raw == null || !raw.matches("[0-9]{1,18}")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return Long.parseLong(raw);
    }
}
