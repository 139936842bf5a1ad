package io.tapdesk.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Issue and approve need a recent sign-in ({@code tapdesk.session.reauthenticate-after}, ASVS 3.7). The pages that
 * show those forms (the card, a decision, a request) check the ID token's {@code auth_time}; when it is too old the
 * operator is sent to the identity provider with {@code prompt=login} and {@code max_age} and comes back to the same
 * page, so no form is lost. A form shown with a fresh sign-in may be sent until that sign-in is older than the age plus
 * the idle timeout (the session would have ended sooner without other tabs); a POST older than that does nothing and
 * goes back to its page, which asks for the sign-in.
 *
 * <p>Never a loop: a missing {@code auth_time} (Entra sends it only as a configured optional claim) is a configuration
 * error page, and so is a return from the identity provider (an ID token with a new nonce) whose {@code auth_time} is
 * still old (it ignored {@code prompt=login} and {@code max_age}); that page is shown once, then the next visit asks
 * again. An operator who left the provider's page without signing in (same nonce) is simply asked again.
 */
final class FreshSignIn {

    /** Query parameter of {@code /oauth2/authorization/entra} that asks for a new sign-in. */
    static final String REAUTH_PARAMETER = "reauth";
    /** Forwarded to when the sign-in's age cannot be trusted ({@link SignInPagesController}). */
    static final String PROBLEM_PATH = "/sign-in-problem";
    static final String PROBLEM_ATTRIBUTE = FreshSignIn.class.getName() + ".problem";

    private static final String ASKED = FreshSignIn.class.getName() + ".asked";
    private static final String REAUTH_REQUEST = FreshSignIn.class.getName() + ".request";

    /** Pages that show an issue form or a decision: {@code /users/{id}}, {@code /approvals/{id}}, {@code /requests/{id}}. */
    private static final Pattern FORM_PAGE = Pattern.compile("/(users/[^/]+|approvals/[0-9]+|requests/[0-9]+)");
    /**
     * The POSTs those forms send (the card's issue, fence-lift, "ask the manager" and "get verified" forms too), and the
     * page each came from.
     */
    private static final Pattern FORM_POST = Pattern.compile(
            "/(?:(users/[^/]+)/(?:passes|fence/lift|ask-manager|verified-id)|(approvals/[0-9]+)/(?:approve|reject)|(requests/[0-9]+)/issue)");

    enum Problem { AUTH_TIME_MISSING, PROVIDER_IGNORED_MAX_AGE }

    private final SessionProperties properties;
    private final Clock clock = Clock.systemUTC();

    FreshSignIn(SessionProperties properties) {
        this.properties = properties;
    }

    /** Ahead of the redirect to the identity provider: with {@code ?reauth}, adds {@code prompt=login} and {@code max_age}. */
    OAuth2AuthorizationRequestResolver resolver(OAuth2AuthorizationRequestResolver delegate) {
        return new OAuth2AuthorizationRequestResolver() {
            // an unknown registration id (/oauth2/authorization/nope; Spring's package-private
            // InvalidClientRegistrationIdException, an IllegalArgumentException) is no sign-in request: Spring Security
            // would answer it with a 500; without one the request goes on and meets the route rules (sign-in, or a 404)
            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                try {
                    return reauthenticating(request, delegate.resolve(request));
                } catch (IllegalArgumentException unknown) {
                    return null;
                }
            }

            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
                try {
                    return reauthenticating(request, delegate.resolve(request, registrationId));
                } catch (IllegalArgumentException unknown) {
                    return null;
                }
            }
        };
    }

    private OAuth2AuthorizationRequest reauthenticating(HttpServletRequest request, OAuth2AuthorizationRequest resolved) {
        if (resolved == null || request.getParameter(REAUTH_PARAMETER) == null) {
            return resolved;
        }
        var parameters = new LinkedHashMap<>(resolved.getAdditionalParameters());
        parameters.put("prompt", "login");
        parameters.put("max_age", Long.toString(properties.reauthenticateAfter().toSeconds()));
        return OAuth2AuthorizationRequest.from(resolved).additionalParameters(parameters).build();
    }

    /** The request {@link #filter} marked: it needs a new sign-in, not a first one. */
    RequestMatcher reauthenticationRequests() {
        return request -> request.getAttribute(REAUTH_REQUEST) != null;
    }

    /** Sends the operator to the identity provider for a new sign-in. */
    AuthenticationEntryPoint entryPoint(String registrationId) {
        return (request, response, failure) -> {
            response.sendRedirect(request.getContextPath() + "/oauth2/authorization/" + registrationId + "?" + REAUTH_PARAMETER);
        };
    }

    /** After the role rules: checks the sign-in's age on the form pages and their POSTs. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = path(request);
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                boolean page = "GET".equals(request.getMethod()) && FORM_PAGE.matcher(path).matches();
                Matcher post = FORM_POST.matcher(path);
                boolean form = "POST".equals(request.getMethod()) && post.matches();
                if ((!page && !form) || !(authentication != null && authentication.getPrincipal() instanceof OidcUser user)) {
                    chain.doFilter(request, response);
                    return;
                }
                if (user.getIdToken().getAuthenticatedAt() == null) {
                    problem(request, response, Problem.AUTH_TIME_MISSING);
                    return;
                }
                Duration allowed = page ? properties.reauthenticateAfter()
                        : properties.reauthenticateAfter().plus(properties.idleTimeout());
                if (fresh(authentication, allowed)) {
                    HttpSession session = request.getSession(false);
                    if (session != null && session.getAttribute(ASKED) != null) {
                        session.removeAttribute(ASKED);
                    }
                    chain.doFilter(request, response);
                    return;
                }
                if (form) {
                    // nothing is done; the page asks for the new sign-in and shows the form again
                    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                    response.setHeader("Location", request.getContextPath() + "/" + formPage(post));
                    return;
                }
                // the nonce tells a return from a new sign-in (a new nonce) from a refreshed token (the same one)
                HttpSession session = request.getSession();
                String nonce = Objects.toString(user.getIdToken().getNonce(), "");
                Object asked = session.getAttribute(ASKED);
                if (asked != null && !asked.equals(nonce)) {
                    session.removeAttribute(ASKED);
                    problem(request, response, Problem.PROVIDER_IGNORED_MAX_AGE);
                    return;
                }
                session.setAttribute(ASKED, nonce);
                request.setAttribute(REAUTH_REQUEST, Boolean.TRUE);
                // the exception translation saves this page and calls entryPoint(): back here after the sign-in
                throw new InsufficientAuthenticationException("sign-in older than " + properties.reauthenticateAfter());
            }
        };
    }

    /**
     * The request's path within TapDesk, percent-decoded as the route rules and Spring MVC match it: the raw URI would
     * let {@code /approvals/1/appr%6Fve} reach the decision while passing this check and the role re-read by.
     */
    static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    private boolean fresh(Authentication authentication, Duration allowed) {
        Instant at = Optional.ofNullable(authentication)
                .filter(a -> a.getPrincipal() instanceof OidcUser)
                .map(a -> ((OidcUser) a.getPrincipal()).getIdToken().getAuthenticatedAt()).orElse(null);
        return at != null && at.plus(allowed).isAfter(clock.instant());
    }

    private static String formPage(Matcher post) {
        for (int group = 1; group <= post.groupCount(); group++) {
            if (post.group(group) != null) {
                return post.group(group);
            }
        }
        return "";
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, Problem problem)
            throws ServletException, IOException {
        request.setAttribute(PROBLEM_ATTRIBUTE, problem);
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        request.getRequestDispatcher(PROBLEM_PATH).forward(request, response);
    }
}
