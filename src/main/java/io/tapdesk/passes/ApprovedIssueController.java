package io.tapdesk.passes;

import io.tapdesk.approvals.RequestIds;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.web.ClientAddress;
import io.tapdesk.web.TimeZonePreference;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Issuing an approved request, by its requester, through the same use case as the card's form. As with every pass,
 * the pass page is the answer to the issuing POST; the approval is spent once a pass may exist.
 */
@Controller
class ApprovedIssueController {

    private final PassIssuing issuing;
    private final IssuePages pages;
    private final OperatorTokens tokens;
    private final TimeZonePreference timeZones;

    ApprovedIssueController(PassIssuing issuing, IssuePages pages, OperatorTokens tokens, TimeZonePreference timeZones) {
        this.issuing = issuing;
        this.pages = pages;
        this.tokens = tokens;
        this.timeZones = timeZones;
    }

    /** {@code replacePassId}: the working pass the page showed; {@code replace=true}: the requester confirms replacing it. */
    @PostMapping("/requests/{id}/issue")
    String issue(@PathVariable String id, @RequestParam(name = "replace", required = false) String replace,
                 @RequestParam(name = "replacePassId", required = false) String replacePassId,
                 @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        long requestId = RequestIds.require(id);
        if ((replace != null && !"true".equals(replace)) || (replace != null && replacePassId == null)
                || (replacePassId != null && !replacePassId.matches("[A-Za-z0-9_-]{1,100}"))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        IssueOutcome outcome = issuing.fromApprovedRequest(new PassIssuing.ApprovedIssue(operator, tokens.current(),
                requestId, replacePassId, "true".equals(replace), ClientAddress.of(request)));
        return pages.show(outcome, new IssuePages.FromRequest(requestId), operator, timeZones.resolve(request), response, model);
    }
}
