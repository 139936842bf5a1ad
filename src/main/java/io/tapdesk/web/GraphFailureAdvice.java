package io.tapdesk.web;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.security.Operator;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Any Graph failure a controller does not handle itself becomes TapDesk's problem page, never a stack trace. */
@ControllerAdvice
class GraphFailureAdvice {

    private final FailureExplainer explainer;

    GraphFailureAdvice(FailureExplainer explainer) {
        this.explainer = explainer;
    }

    @ExceptionHandler(GraphFailure.class)
    String graphFailure(GraphFailure failure, Model model, HttpServletResponse response) {
        Problem problem = explainer.explain(failure, Operator.from(SecurityContextHolder.getContext().getAuthentication()));
        response.setStatus(problem.status().value());
        model.addAttribute("problem", problem);
        return "error/graph";
    }
}
