package io.tapdesk.users;

import io.tapdesk.directory.PeopleFound;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.security.Operator;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.web.FailureExplainer;
import io.tapdesk.web.Problem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/** The start page: search for Helpdesk and Admin, a page explaining the role for everyone else. */
@Controller
class SearchController {

    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 100;

    private final GraphGateway graph;
    private final OperatorTokens tokens;
    private final FailureExplainer explainer;

    SearchController(GraphGateway graph, OperatorTokens tokens, FailureExplainer explainer) {
        this.graph = graph;
        this.tokens = tokens;
        this.explainer = explainer;
    }

    @GetMapping("/")
    String home(@RequestParam(name = "q", required = false) String query, @ModelAttribute("operator") Operator operator,
                Model model, HttpServletResponse response) {
        if (!operator.canSearch()) {
            return "security/start";
        }
        if (query == null) {
            return "users/search";
        }
        String text = query.strip();
        model.addAttribute("q", text);
        String error = validate(text);
        if (error != null) {
            model.addAttribute("queryError", error);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "users/search";
        }
        try {
            PeopleFound found = graph.findPeople(tokens.current(), text);
            model.addAttribute("results", found.people());
            model.addAttribute("searchLimited", found.limited());
        } catch (GraphFailure failure) {
            Problem problem = explainer.explain(failure, operator);
            response.setStatus(problem.status().value());
            model.addAttribute("problem", problem);
        }
        return "users/search";
    }

    /** Returns the message key of what is wrong with the search text, or null. */
    static String validate(String text) {
        if (text.length() < MIN_LENGTH) {
            return "search.error.short";
        }
        if (text.length() > MAX_LENGTH) {
            return "search.error.long";
        }
        // quotes and backslashes would break out of Graph's $search clause; control characters have no place here
        if (text.chars().anyMatch(c -> c == '"' || c == '\\' || Character.isISOControl(c))) {
            return "search.error.characters";
        }
        return null;
    }
}
