package io.tapdesk.passes;

import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.UserIds;
import io.tapdesk.web.ClientAddress;
import io.tapdesk.web.TimeZonePreference;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Issuing from the card's form. The pass page is the response to the issuing POST itself: the value is rendered once
 * and waits nowhere (no redirect, no session, no flash attribute). A re-sent POST finds its single-use token spent.
 */
@Controller
class PassController {

    private final PassIssuing issuing;
    private final IssuePages pages;
    private final OperatorTokens tokens;
    private final IssueTokens issueTokens;
    private final TimeZonePreference timeZones;

    PassController(PassIssuing issuing, IssuePages pages, OperatorTokens tokens, IssueTokens issueTokens,
                   TimeZonePreference timeZones) {
        this.issuing = issuing;
        this.pages = pages;
        this.tokens = tokens;
        this.issueTokens = issueTokens;
        this.timeZones = timeZones;
    }

    @PostMapping("/users/{id}/passes")
    String issue(@PathVariable String id, @ModelAttribute("issueForm") IssueForm form, BindingResult errors,
                 @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        String userId = UserIds.require(id);
        var zone = timeZones.resolve(request);
        IssueOutcome outcome = issuing.fromCard(new PassIssuing.CardIssue(operator, tokens.current(), userId, form, errors,
                zone, issueTokens.of(operator, userId, form.getIssueToken()), ClientAddress.of(request)));
        return pages.show(outcome, new IssuePages.FromCard(form), operator, zone, response, model);
    }
}
