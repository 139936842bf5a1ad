package io.tapdesk.users;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.passes.IssueForm;
import io.tapdesk.passes.IssueTokens;
import io.tapdesk.passes.PassStatus;
import io.tapdesk.security.Operator;
import io.tapdesk.web.FailureExplainer;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Fills the user card: the person, their current pass and the issue form with a fresh single-use token.
 * A failing pass read shows its own message while the rest of the card renders; a failing person read
 * is the page's failure.
 */
@Component
public class UserCardPage {

    public static final String VIEW = "users/card";

    private final GraphGateway graph;
    private final IssueTokens issueTokens;
    private final FailureExplainer explainer;

    UserCardPage(GraphGateway graph, IssueTokens issueTokens, FailureExplainer explainer) {
        this.graph = graph;
        this.issueTokens = issueTokens;
        this.explainer = explainer;
    }

    public String render(GraphToken token, String userId, Operator operator, IssueForm form, HttpSession session, Model model) {
        DirectoryUser user = graph.user(token, userId);
        model.addAttribute("user", user);
        try {
            model.addAttribute("pass", graph.currentPass(token, userId));
        } catch (GraphFailure failure) {
            model.addAttribute("pass", PassStatus.none());
            model.addAttribute("passProblem", explainer.explain(failure, operator));
        }
        if (form.getIssueToken() == null || !issueTokens.isUnspent(session, userId, form.getIssueToken())) {
            form.setIssueToken(issueTokens.mint(session, userId));
        }
        model.addAttribute("issueForm", form);
        model.addAttribute("self", operator.objectId().equalsIgnoreCase(userId));
        return VIEW;
    }
}
