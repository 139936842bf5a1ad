package io.tapdesk.passes;

import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.users.UserCardPage;
import io.tapdesk.users.UserIds;
import io.tapdesk.web.FailureExplainer;
import io.tapdesk.web.Problem;
import io.tapdesk.web.TimeZonePreference;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Issuing. The pass page is the response to the issuing POST itself: the value is rendered once and waits nowhere
 * (no redirect, no session, no flash attribute). A re-sent POST finds its single-use token spent.
 */
@Controller
class PassController {

    private final PassIssuer issuer;
    private final GraphGateway graph;
    private final OperatorTokens tokens;
    private final IssueTokens issueTokens;
    private final IssueFormParser parser;
    private final UserCardPage cardPage;
    private final TimeZonePreference timeZones;
    private final FailureExplainer explainer;

    PassController(PassIssuer issuer, GraphGateway graph, OperatorTokens tokens, IssueTokens issueTokens,
                   IssueFormParser parser, UserCardPage cardPage, TimeZonePreference timeZones, FailureExplainer explainer) {
        this.issuer = issuer;
        this.graph = graph;
        this.tokens = tokens;
        this.issueTokens = issueTokens;
        this.parser = parser;
        this.cardPage = cardPage;
        this.timeZones = timeZones;
        this.explainer = explainer;
    }

    @PostMapping("/users/{id}/passes")
    String issue(@PathVariable String id, @ModelAttribute("issueForm") IssueForm form, BindingResult errors,
                 @ModelAttribute("operator") Operator operator, HttpServletRequest request,
                 HttpServletResponse response, HttpSession session, Model model) {
        String userId = UserIds.require(id);
        GraphToken token = tokens.current();
        PassRequest passRequest = parser.parse(form, timeZones.resolve(request), errors);
        if (passRequest == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return cardPage.render(token, userId, operator, form, session, model);
        }
        if (!issueTokens.spend(session, userId, form.getIssueToken())) {
            model.addAttribute("user", graph.user(token, userId));
            model.addAttribute("pass", graph.currentPass(token, userId));
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return "passes/spent";
        }
        model.addAttribute("user", graph.user(token, userId));
        PassIssuer.Outcome outcome = issuer.issue(token, userId, passRequest);
        if (outcome instanceof PassIssuer.Issued issued) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
            response.setHeader(HttpHeaders.PRAGMA, "no-cache");
            model.addAttribute("issued", issued.pass());
            return "passes/shown";
        }
        if (outcome instanceof PassIssuer.Unknown unknown) {
            Problem problem = explainer.explain(unknown.failure(), operator);
            response.setStatus(problem.status().value());
            model.addAttribute("problem", problem);
            model.addAttribute("pass", unknown.current());
            if (unknown.readFailure() != null) {
                model.addAttribute("passProblem", explainer.explain(unknown.readFailure(), operator));
            }
            return "passes/unknown";
        }
        Problem problem = explainer.explain(((PassIssuer.Refused) outcome).failure(), operator);
        response.setStatus(problem.status().value());
        model.addAttribute("issueProblem", problem);
        return cardPage.render(token, userId, operator, form, session, model);
    }
}
