package io.tapdesk.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Anonymous traffic needs no session (issue 15, item 3): the sign-in's authorization request and the page to return to
 * live in sealed cookies ({@link CookieAuthorizationRequests}, {@link CookieRequestCache}), and no CSRF token is kept
 * for a request without a session ({@link NoSessionForCsrf}). Every address the sign-in sends a browser to is built
 * from {@link PublicBaseUrl}, never from the request's host headers. A callback whose request cannot be found (cookie
 * missing, tampered with, too old, from another key) goes to the signed-out page with "sign-in did not complete" and a
 * button to start again; nothing is kept about it.
 */
@Component
final class SignInWithoutSession {

    private static final Logger log = LoggerFactory.getLogger(SignInWithoutSession.class);

    private final RequestCache requestCache;
    private final AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequests;
    private final PublicBaseUrl publicBaseUrl;

    SignInWithoutSession(RequestCache requestCache, AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequests,
                         PublicBaseUrl publicBaseUrl) {
        this.requestCache = requestCache;
        this.authorizationRequests = authorizationRequests;
        this.publicBaseUrl = publicBaseUrl;
    }

    void applyTo(HttpSecurity http, ClientRegistrationRepository clients) throws Exception {
        applyTo(http, clients, SecurityConfig.REGISTRATION, "/");
    }

    /** The same for the chain of {@code registrationId}, whose sign-in goes to {@code home} when no page was asked for. */
    void applyTo(HttpSecurity http, ClientRegistrationRepository clients, String registrationId, String home) throws Exception {
        requireRedirectUriFromPublicBase(clients, registrationId);
        http.requestCache(c -> c.requestCache(requestCache))
                .csrf(c -> c.csrfTokenRepository(SecurityConfig.REGISTRATION.equals(registrationId) ? new NoSessionForCsrf()
                        : new NoSessionForCsrf(NoSessionForCsrf.class.getName() + "." + registrationId)))
                .oauth2Login(login -> login
                        .authorizationEndpoint(a -> a.authorizationRequestRepository(authorizationRequests))
                        .defaultSuccessUrl(publicBaseUrl.of(home))
                        .failureHandler(failed()))
                // a page asked for by a browser (a script's call says so with X-Requested-With) starts the sign-in on
                // the public address
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(publicBaseUrl.of("/oauth2/authorization/" + registrationId)),
                        new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With"))));
    }

    private AuthenticationFailureHandler failed() {
        return (request, response, exception) -> {
            String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "other";
            // the code may come from the callback's query: only its safe characters reach the log
            log.info("sign-in did not complete: {}", code.replaceAll("[^A-Za-z0-9_.-]", "?").substring(0, Math.min(code.length(), 60)));
            response.sendRedirect(publicBaseUrl.of("/signed-out?failed"));
        };
    }

    /** The registration's redirect URI must be the public one: {@code {baseUrl}} would take a request's host. */
    private void requireRedirectUriFromPublicBase(ClientRegistrationRepository clients, String registrationId) {
        var registration = clients.findByRegistrationId(registrationId);
        if (registration != null && !registration.getRedirectUri().startsWith(publicBaseUrl.value() + "/")) {
            throw new IllegalStateException("spring.security.oauth2.client.registration." + registrationId + ".redirect-uri must start with "
                    + "tapdesk.public-base-url (" + publicBaseUrl.value() + "), not " + registration.getRedirectUri()
                    + "; the default is ${tapdesk.public-base-url}/login/oauth2/code/{registrationId}");
        }
    }
}
