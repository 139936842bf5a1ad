package io.tapdesk.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before approve, issue, revoke, withdraw and export, the operator's app roles are read again when the ID token that carried
 * them is older than {@code tapdesk.session.roles-recheck-after}: TapDesk refreshes the tokens (Entra's refresh answer
 * carries a new ID token with the current {@code roles}), the principal is replaced ({@code OidcAuthorizedClientRefreshedEventListener}),
 * and only then do the route rules run. A role removed in Entra thus stops working within that time, whatever the
 * access token's lifetime. When the roles cannot be read again (no refresh token, the provider refuses, no new ID
 * token) TapDesk cannot tell, so the sign-in ends and nothing is done (fail closed).
 */
final class RoleRecheck {

    private static final Logger log = LoggerFactory.getLogger(RoleRecheck.class);

    /**
     * The POSTs that act: issue (card and approved request), record a check of the caller or start one ("get
     * verified"), revoke, lift a fence, approve and reject, withdraw, export.
     */
    private static final Pattern ACTIONS = Pattern.compile(
            "/users/[^/]+/(passes(/revoke)?|fence/lift|caller-checks|verified-id)|/approvals/[0-9]+/(approve|reject)|/requests/[0-9]+/(issue|withdraw)|/audit/export");

    private final SessionProperties properties;
    private final OAuth2AuthorizedClientRepository authorizedClients;
    private final DefaultOAuth2AuthorizedClientManager refreshing;
    private final Clock clock = Clock.systemUTC();

    RoleRecheck(SessionProperties properties, ClientRegistrationRepository clients,
                OAuth2AuthorizedClientRepository authorizedClients, ApplicationEventPublisher events) {
        this.properties = properties;
        this.authorizedClients = authorizedClients;
        // a refresh provider that always refreshes: its clock skew is longer than any access token lives
        var refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
        refresh.setClockSkew(Duration.ofDays(365));
        refresh.setApplicationEventPublisher(events);
        this.refreshing = new DefaultOAuth2AuthorizedClientManager(clients, authorizedClients);
        this.refreshing.setAuthorizedClientProvider(refresh);
    }

    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !"POST".equals(request.getMethod())
                        || !ACTIONS.matcher(FreshSignIn.path(request)).matches();
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof OidcUser user
                        && !recent(user.getIdToken().getIssuedAt()) && !reread(authentication, request, response)) {
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    SignInPagesController.signInEnded(request, response);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private boolean recent(Instant issuedAt) {
        return issuedAt != null && issuedAt.plus(properties.rolesRecheckAfter()).isAfter(clock.instant());
    }

    /** Refreshes the tokens; true when the principal now carries a recent ID token. */
    private boolean reread(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        try {
            OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(SecurityConfig.REGISTRATION, authentication, request);
            if (client == null || client.getRefreshToken() == null) {
                return false;
            }
            refreshing.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(client).principal(authentication)
                    .attribute(HttpServletRequest.class.getName(), request)
                    .attribute(HttpServletResponse.class.getName(), response).build());
        } catch (RuntimeException e) {
            log.info("The operator's roles could not be read again ({}); their sign-in ends", e.getClass().getSimpleName());
            return false;
        }
        // the refresh listener put the new principal in place
        Authentication now = SecurityContextHolder.getContext().getAuthentication();
        return now != null && now.getPrincipal() instanceof OidcUser user && recent(user.getIdToken().getIssuedAt());
    }
}
