package io.tapdesk.security;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The two pages about the sign-in itself: "your sign-in ended, nothing was done" (a POST that arrived after the
 * session ended or after sign-out in another tab, whose CSRF token went with the session), with a button that signs in
 * and returns to the page the form came from; and the configuration error when the sign-in's age cannot be trusted
 * ({@link FreshSignIn}). Both are reached by a forward from the security chain, so each keeps its status (403, 500).
 */
@Controller
class SignInPagesController {

    static final String ENDED_PATH = "/sign-in-ended";

    /** A POST and the page its form is on: the card, a revoke confirmation, a decision, a request, export, preferences. */
    private static final Pattern RETURNS = Pattern.compile(
            "/(users/[^/]+/passes/revoke|users/[^/]+(?=/passes$)|approvals/[0-9]+|requests/[0-9]+|audit/export|preferences)(/.*)?");

    @RequestMapping(path = ENDED_PATH, method = {RequestMethod.GET, RequestMethod.POST})
    String signInEnded(HttpServletRequest request, Model model) {
        Object original = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        String path = original == null ? "" : original.toString().substring(request.getContextPath().length());
        model.addAttribute("returnTo", returnTo(path));
        return "security/sign-in-ended";
    }

    @RequestMapping(path = FreshSignIn.PROBLEM_PATH, method = {RequestMethod.GET, RequestMethod.POST})
    String signInProblem(HttpServletRequest request, Model model) {
        Object problem = request.getAttribute(FreshSignIn.PROBLEM_ATTRIBUTE);
        model.addAttribute("problem", problem == FreshSignIn.Problem.PROVIDER_IGNORED_MAX_AGE ? "ignored" : "missing");
        return "security/sign-in-problem";
    }

    /** The local page to come back to after signing in again: where the form was, else the start page. */
    static String returnTo(String path) {
        Matcher m = RETURNS.matcher(path);
        return m.matches() ? "/" + m.group(1) : "/";
    }

    static void signInEnded(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        request.getRequestDispatcher(ENDED_PATH).forward(request, response);
    }

    /**
     * A CSRF failure without a sign-in means the session ended (timeout, absolute lifetime, sign-out in another tab):
     * the "sign-in ended" page, not "your role does not allow this". Everything else is the 403 page.
     */
    static AccessDeniedHandler accessDenied() {
        AccessDeniedHandlerImpl otherwise = new AccessDeniedHandlerImpl();
        return (request, response, denied) -> {
            if (denied instanceof CsrfException && !signedIn()) {
                signInEnded(request, response);
            } else {
                otherwise.handle(request, response, denied);
            }
        };
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
    }

}
