package io.tapdesk.passes;

import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardReader;
import io.tapdesk.users.UserIds;
import io.tapdesk.verification.ManagerConfirmations;
import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The card's "Ask the manager" (README "Ask the manager"): asks the person's manager, from the operator's own Teams or
 * mailbox, to confirm the caller; then back to the card (post/redirect/get), which shows the question and waits for
 * the answer. A form TapDesk cannot use (400), a person with no manager to ask (409) or an operator past their questions
 * per hour (429) shows the card again with why.
 */
@Controller
class AskManagerController {

    private final ManagerConfirmations confirmations;
    private final OperatorTokens tokens;
    private final CardReader cards;
    private final UserCardPage page;

    AskManagerController(ManagerConfirmations confirmations, OperatorTokens tokens, CardReader cards, UserCardPage page) {
        this.confirmations = confirmations;
        this.tokens = tokens;
        this.cards = cards;
        this.page = page;
    }

    @PostMapping("/users/{id}/ask-manager")
    String ask(@PathVariable String id, @RequestParam(name = "ticket", required = false) String ticket,
               @RequestParam(name = "lifetimeMinutes", required = false) String lifetimeMinutes,
               @RequestParam(name = "oneTime", required = false) String oneTime,
               @ModelAttribute("operator") Operator operator, HttpServletRequest request, HttpServletResponse response,
               RedirectAttributes flash, Model model) {
        String personId = UserIds.require(id);
        var result = confirmations.ask(operator, tokens.current(), personId, ticket, lifetimeMinutes, oneTime,
                ClientAddress.of(request));
        if (result.kind() == ManagerConfirmations.AskKind.ASKED) {
            flash.addFlashAttribute("notice", "ask.done");
            return "redirect:/users/" + personId;
        }
        response.setStatus(switch (result.kind()) {
            case INVALID -> HttpServletResponse.SC_BAD_REQUEST;
            case LIMITED -> 429;
            default -> HttpServletResponse.SC_CONFLICT;
        });
        model.addAttribute("askResult", result);
        model.addAttribute("askTicket", ticket);
        model.addAttribute("askLifetime", lifetimeMinutes);
        return page.render(cards.read(tokens.current(), personId, operator), operator, model);
    }
}
