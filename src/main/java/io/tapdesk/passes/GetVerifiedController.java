package io.tapdesk.passes;

import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardReader;
import io.tapdesk.users.UserIds;
import io.tapdesk.verification.VerifiedIdSessions;
import io.tapdesk.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The card's "Get verified" (README "Get verified"): starts a Verified ID session and goes back to the card
 * (post/redirect/get), which shows the code to read aloud once and waits for the result. Not offered for this person,
 * or the person fenced: the card again with why (409).
 */
@Controller
class GetVerifiedController {

    private final VerifiedIdSessions sessions;
    private final OperatorTokens tokens;
    private final CardReader cards;
    private final UserCardPage page;

    GetVerifiedController(VerifiedIdSessions sessions, OperatorTokens tokens, CardReader cards, UserCardPage page) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.cards = cards;
        this.page = page;
    }

    @PostMapping("/users/{id}/verified-id")
    String start(@PathVariable String id, @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                 HttpServletResponse response, RedirectAttributes flash, Model model) {
        String personId = UserIds.require(id);
        var result = sessions.start(operator, tokens.current(), personId, ClientAddress.of(request));
        if (result.kind() == VerifiedIdSessions.StartKind.STARTED) {
            // the code is shown once, on the page after the redirect; TapDesk keeps only its hash
            flash.addFlashAttribute("vidCode", result.code());
            return "redirect:/users/" + personId;
        }
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("vidProblem", result.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        return page.render(cards.read(tokens.current(), personId, operator), operator, model);
    }
}
