package io.tapdesk.passes;

import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.CardReader;
import io.tapdesk.users.UserIds;
import io.tapdesk.verification.RecordedChecks;
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
 * The card's "Who is calling?" form: the agent records a low-tier check (call-back to a number on file, in person,
 * video), then post/redirect/get back to the card, which shows the check and what it allows. A wrong form is the card
 * again (400) with the reason beside the form.
 */
@Controller
class CallerCheckController {

    private final RecordedChecks recorded;
    private final OperatorTokens tokens;
    private final CardReader cards;
    private final UserCardPage cardPage;

    CallerCheckController(RecordedChecks recorded, OperatorTokens tokens, CardReader cards, UserCardPage cardPage) {
        this.recorded = recorded;
        this.tokens = tokens;
        this.cards = cards;
        this.cardPage = cardPage;
    }

    @PostMapping("/users/{id}/caller-checks")
    String record(@PathVariable String id, @RequestParam(name = "method", required = false) String method,
                  @RequestParam(name = "number", required = false) String number,
                  @RequestParam(name = "note", required = false) String note,
                  @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes flash, Model model) {
        String userId = UserIds.require(id);
        RecordedChecks.Form form = new RecordedChecks.Form(method, number, note);
        RecordedChecks.Outcome outcome = recorded.record(operator, tokens.current(), userId, form, ClientAddress.of(request));
        if (outcome instanceof RecordedChecks.Recorded) {
            flash.addFlashAttribute("notice", "caller.recorded");
            return "redirect:/users/" + userId + "#caller-check";
        }
        if (outcome instanceof RecordedChecks.NotRecorded notRecorded) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            model.addAttribute("auditDamaged", notRecorded.damaged());
            return "passes/not-recorded";
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("checkForm", form);
        model.addAttribute("checkError", outcome);
        return cardPage.render(cards.read(tokens.current(), userId, operator), operator, model);
    }
}
