package io.tapdesk.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import java.util.function.Supplier;

/**
 * The confirmation app (issue 17): the person's manager signs in through a <b>second app registration</b>
 * ({@code confirm}, scopes {@code openid profile} only) and reaches only {@code /confirm/**}. A chain of its own,
 * ahead of the operators' chain:
 * <ul>
 *   <li>its sign-in is kept under a session attribute of its own ({@value #CONTEXT_KEY}), so an operator's sign-in is
 *       never seen here and a manager's never by the operators' chain: each side starts its own sign-in;</li>
 *   <li>only a sign-in through the {@code confirm} registration passes its rule (defence in depth for the above);</li>
 *   <li>the registration's tokens are not kept anywhere ({@link NoTokens}): the manager's session holds their ID
 *       token's claims and no access or refresh token, and no row of {@code oauth2_authorized_client} is written.</li>
 * </ul>
 * The sign-in's state lives in the same sealed cookies as the operators' ({@link SignInWithoutSession}).
 */
@Configuration
class ConfirmSecurity {

    /** The second app registration: {@code spring.security.oauth2.client.registration.confirm.*}. */
    static final String REGISTRATION = "confirm";
    /** The session attribute holding the manager's sign-in (the operators' is Spring Security's default). */
    static final String CONTEXT_KEY = "TAPDESK_CONFIRM_SECURITY_CONTEXT";
    /** The confirmation app's sign-out (POST) and the page it ends on. */
    static final String SIGN_OUT = "/confirm/sign-out";
    static final String SIGNED_OUT = "/confirm/signed-out";
    /** Set by "Sign out" for ten minutes: the next confirmation sign-in asks which account (prompt=select_account). */
    static final String SIGNED_OUT_COOKIE = "TAPDESK_CONFIRM_SIGNED_OUT";

    @Bean
    @Order(2)
    SecurityFilterChain confirmationChain(HttpSecurity http, ClientRegistrationRepository clients,
                                        SignInWithoutSession signInWithoutSession, SessionLifetime lifetime,
                                        PublicBaseUrl publicBaseUrl) throws Exception {
        var contexts = new HttpSessionSecurityContextRepository();
        contexts.setSpringSecurityContextKey(CONTEXT_KEY);
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(clients, "/oauth2/authorization");
        // after "Sign out" (its cookie): prompt=select_account, so the right account can sign in (walk of #19, finding
        // 11), not the one the identity provider still remembers
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce()
                .andThen(b -> {
                    if (afterSignOut()) {
                        b.additionalParameters(p -> p.put("prompt", "select_account"));
                    }
                }));
        http.securityMatcher(new OrRequestMatcher(
                        PathPatternRequestMatcher.pathPattern("/confirm"),
                        PathPatternRequestMatcher.pathPattern("/confirm/**"),
                        PathPatternRequestMatcher.pathPattern("/oauth2/authorization/" + REGISTRATION),
                        PathPatternRequestMatcher.pathPattern("/login/oauth2/code/" + REGISTRATION)))
                .securityContext(c -> c.securityContextRepository(contexts))
                .addFilterBefore(lifetime.filter(), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, SIGNED_OUT)).permitAll()
                        .anyRequest().access(confirmSignIn()))
                .oauth2Login(login -> login
                        .loginProcessingUrl("/login/oauth2/code/" + REGISTRATION)
                        .authorizationEndpoint(a -> a.authorizationRequestResolver(resolver))
                        .authorizedClientRepository(new NoTokens()))
                // "Sign out" in the confirmation app's header (POST, CSRF): ends the confirmation sign-in only (its own
                // session attribute; an operator's sign-in in the same browser stays), then a page that says so
                .logout(l -> l
                        .logoutRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, SIGN_OUT))
                        .invalidateHttpSession(false)
                        .addLogoutHandler((request, response, authentication) -> response.addHeader("Set-Cookie",
                                org.springframework.http.ResponseCookie.from(SIGNED_OUT_COOKIE, "1").path("/")
                                        .maxAge(java.time.Duration.ofMinutes(10)).httpOnly(true).secure(request.isSecure())
                                        .sameSite("Lax").build().toString()))
                        .clearAuthentication(true)
                        .logoutSuccessUrl(SIGNED_OUT))
                .exceptionHandling(e -> e.accessDeniedHandler(signInAgain(publicBaseUrl)))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy(SecurityHeaders.PERMISSIONS_POLICY))
                        .crossOriginOpenerPolicy(c -> c.policy(CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
        signInWithoutSession.applyTo(http, clients, REGISTRATION, "/confirm");
        return http.build();
    }

    private static final java.util.regex.Pattern CONFIRM_PAGE = java.util.regex.Pattern.compile("/confirm/(pickup/)?[A-Za-z0-9_-]{1,100}");

    private static boolean afterSignOut() {
        var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        return attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet
                && org.springframework.web.util.WebUtils.getCookie(servlet.getRequest(), SIGNED_OUT_COOKIE) != null;
    }

    /** Signed in through the confirmation registration, and through nothing else. */
    static AuthorizationManager<RequestAuthorizationContext> confirmSignIn() {
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) ->
                new AuthorizationDecision(isConfirmSignIn(authentication.get()));
    }

    static boolean isConfirmSignIn(Authentication authentication) {
        return authentication instanceof OAuth2AuthenticationToken token && token.isAuthenticated()
                && REGISTRATION.equals(token.getAuthorizedClientRegistrationId());
    }

    /**
     * A sign-in of another kind on a confirmation page (an operator's, should one ever be seen here) is not the
     * manager's: a page starts the confirmation sign-in; a POST is refused with 403 (a CSRF failure without a sign-in:
     * the "sign-in ended" page).
     */
    private static AccessDeniedHandler signInAgain(PublicBaseUrl publicBaseUrl) {
        AccessDeniedHandler otherwise = SignInPagesController.accessDenied();
        return (HttpServletRequest request, HttpServletResponse response, org.springframework.security.access.AccessDeniedException denied) -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if ("GET".equals(request.getMethod()) && !(denied instanceof org.springframework.security.web.csrf.CsrfException)) {
                response.sendRedirect(publicBaseUrl.of("/oauth2/authorization/" + REGISTRATION));
            } else if (denied instanceof org.springframework.security.web.csrf.CsrfException && CONFIRM_PAGE.matcher(path).matches()) {
                // the manager's sign-in ended while the page was open: nothing was answered; back to the same question,
                // which signs them in again through the confirmation app (walk of #17: the operators' "sign-in ended"
                // page sent managers into the operators' app)
                response.sendRedirect(publicBaseUrl.of(path));
            } else {
                // a POST: 403, or "your sign-in ended" for a CSRF failure without a sign-in, as on the operators' chain
                otherwise.handle(request, response, denied);
            }
        };
    }

    /**
     * Keeps no authorized client for the confirmation registration: TapDesk never calls anything with a manager's
     * token, so none is stored (not in the session, not in {@code oauth2_authorized_client}).
     */
    static final class NoTokens implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId, Authentication principal,
                                                                         HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
            // nothing: see the class comment
        }

        @Override
        public void removeAuthorizedClient(String clientRegistrationId, Authentication principal, HttpServletRequest request,
                                           HttpServletResponse response) {
            // nothing stored, nothing to remove
        }
    }
}
