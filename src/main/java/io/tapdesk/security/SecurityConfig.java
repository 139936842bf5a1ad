package io.tapdesk.security;

import static io.tapdesk.security.Roles.ADMIN;
import static io.tapdesk.security.Roles.APPROVER;
import static io.tapdesk.security.Roles.AUDITOR;
import static io.tapdesk.security.Roles.HELPDESK;
import static io.tapdesk.security.Roles.ONBOARDING;

import java.util.HashSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.client.AuthorizationCodeOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizedClientRefreshedEventListener;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may do what. Every route has an explicit rule; {@code RouteAccessMatrixTest} proves each one for every role.
 */
@Configuration
class SecurityConfig {

    static final String REGISTRATION = "entra";

    /**
     * The management port (health and metrics for probes and scrapers that cannot sign in; only {@code health} and
     * {@code prometheus} are exposed there) has a chain of its own, chosen by the port the request arrived on. Boot
     * runs the application's security filter on that port too, so without it the app chain's rules would apply there.
     */
    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http, @Value("${management.server.port:-1}") int managementPort,
                                           @Value("${server.port:8080}") int appPort) throws Exception {
        http.securityMatcher(request -> managementPort > 0 && managementPort != appPort && request.getLocalPort() == managementPort)
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable());
        return http.build();
    }

    /** After the management chain and the confirmation app's ({@link ConfirmSecurity}, order 2). */
    @Bean
    @Order(3)
    SecurityFilterChain appSecurity(HttpSecurity http, ClientRegistrationRepository clients, PublicBaseUrl publicBaseUrl,
                                    SignInWithoutSession signInWithoutSession,
                                    SessionProperties sessions, SessionLifetime lifetime,
                                    OAuth2AuthorizedClientRepository authorizedClients,
                                    OAuth2AuthorizedClientService authorizedClientService,
                                    ApplicationEventPublisher events) throws Exception {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(clients, "/oauth2/authorization");
        // Spring adds PKCE only for public clients; TapDesk is confidential and sends it anyway.
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        // sessions that end, a recent sign-in for issue and approve, roles read again before acting (README "Sessions")
        var fresh = new FreshSignIn(sessions);
        var roles = new RoleRecheck(sessions, clients, authorizedClients, events);
        sessionRules(http, lifetime, fresh, roles);

        var logout = new OidcClientInitiatedLogoutSuccessHandler(clients);
        logout.setPostLogoutRedirectUri(publicBaseUrl.of("/signed-out"));

        http.authorizeHttpRequests(rules -> rules
                        .requestMatchers("/css/**", "/js/**", "/favicon.ico", "/signed-out", "/error").permitAll()
                        // "your sign-in ended, nothing was done": shown to a POST whose session is gone
                        .requestMatchers(SignInPagesController.ENDED_PATH).permitAll()
                        // actuator runs on the management port only, which has its own chain; on the app port these
                        // paths are refused for everyone, should an endpoint ever be mapped here
                        .requestMatchers("/actuator", "/actuator/**").denyAll()
                        .requestMatchers(HttpMethod.GET, "/").authenticated()
                        .requestMatchers(HttpMethod.GET, "/preferences").authenticated()
                        .requestMatchers(HttpMethod.POST, "/preferences/time-zone", "/preferences/language").authenticated()
                        .requestMatchers(HttpMethod.GET, "/users/*").hasAnyRole(HELPDESK, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/users/*/passes").hasAnyRole(HELPDESK, ADMIN)
                        // "Revoke link" of a hand-over (issue 19): whoever may make one may revoke one
                        .requestMatchers(HttpMethod.POST, "/users/*/handovers/*/revoke").hasAnyRole(HELPDESK, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/users/*/caller-checks").hasAnyRole(HELPDESK, ADMIN)
                        // ask the person's manager to confirm the caller (verification.ManagerConfirmations)
                        .requestMatchers(HttpMethod.POST, "/users/*/ask-manager").hasAnyRole(HELPDESK, ADMIN)
                        // "Get verified" (issue 18); its public page and callback are PublicSecurity's, under /public
                        .requestMatchers(HttpMethod.POST, "/users/*/verified-id").hasAnyRole(HELPDESK, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/users/*/passes/revoke").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/users/*/passes/revoke").hasRole(ADMIN)
                        // lifting a person's fence after an incident (issue 17): Admin only, with a reason
                        .requestMatchers(HttpMethod.POST, "/users/*/fence/lift").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/audit").hasAnyRole(HELPDESK, ADMIN, AUDITOR)
                        // the export page (what will be exported) is a GET; the export itself a POST with CSRF
                        .requestMatchers(HttpMethod.GET, "/audit/export", "/audit/verify").hasAnyRole(ADMIN, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/audit/export").hasAnyRole(ADMIN, AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/approvals", "/approvals/*").hasRole(APPROVER)
                        .requestMatchers(HttpMethod.POST, "/approvals/*/approve", "/approvals/*/reject").hasRole(APPROVER)
                        .requestMatchers(HttpMethod.GET, "/requests", "/requests/*").hasAnyRole(HELPDESK, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/requests/*/issue", "/requests/*/withdraw").hasAnyRole(HELPDESK, ADMIN)
                        // the outbox of notices and alerts: what was sent, and a dead letter queued again
                        .requestMatchers(HttpMethod.GET, "/admin/outbox").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/admin/outbox/*/send-again").hasRole(ADMIN)
                        // new hires (issue 19): the Starting soon page and its batches; an Approver decides a held batch
                        .requestMatchers(HttpMethod.GET, "/onboarding").hasAnyRole(ADMIN, ONBOARDING)
                        .requestMatchers(HttpMethod.POST, "/onboarding/batches").hasAnyRole(ADMIN, ONBOARDING)
                        .requestMatchers(HttpMethod.GET, "/onboarding/batches/*").hasAnyRole(ADMIN, ONBOARDING, APPROVER)
                        .requestMatchers(HttpMethod.POST, "/onboarding/batches/*/approve").hasRole(APPROVER)
                        .requestMatchers(HttpMethod.POST, "/onboarding/batches/*/reject").hasRole(APPROVER)
                        // anything else: signed in, then the app answers 404 for routes it does not have
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .authorizationEndpoint(a -> a.authorizationRequestResolver(fresh.resolver(resolver)))
                        .userInfoEndpoint(u -> u.userAuthoritiesMapper(entraAppRoles())))
                .logout(l -> l.logoutSuccessHandler(logout)
                        // the operator's Graph tokens leave the shared store with the sign-in
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                authorizedClientService.removeAuthorizedClient(REGISTRATION, authentication.getName());
                            }
                        }))
                // an anonymous request to a refused actuator path gets 403, not the sign-in page
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.FORBIDDEN),
                        PathPatternRequestMatcher.pathPattern("/actuator/**")))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                SecurityHeaders.CSP + " " + issuerOrigins(clients)))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy(SecurityHeaders.PERMISSIONS_POLICY))
                        // a page TapDesk opens or that opens TapDesk gets no handle on its window (the pass page)
                        .crossOriginOpenerPolicy(c -> c.policy(CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
        signInWithoutSession.applyTo(http, clients);
        return http.build();
    }

    /**
     * Session rules on the app's chain: the absolute lifetime first (before anything reads the session), the role
     * re-read before the route rules, the sign-in's age after them; a POST whose sign-in ended gets its own page.
     */
    private static void sessionRules(HttpSecurity http, SessionLifetime lifetime, FreshSignIn fresh, RoleRecheck roles)
            throws Exception {
        http.addFilterBefore(lifetime.filter(), SecurityContextHolderFilter.class)
                .addFilterBefore(roles.filter(), AuthorizationFilter.class)
                .addFilterAfter(fresh.filter(), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(fresh.entryPoint(REGISTRATION), fresh.reauthenticationRequests())
                        .accessDeniedHandler(SignInPagesController.accessDenied()));
    }

    /** Logout posts to us and we redirect to the identity provider; CSP's form-action must allow that hop. */
    private static String issuerOrigins(ClientRegistrationRepository clients) {
        var registration = clients.findByRegistrationId(REGISTRATION);
        if (registration == null) {
            return "";
        }
        var uri = java.net.URI.create(registration.getProviderDetails().getAuthorizationUri());
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** Maps the Entra {@code roles} claim of the ID token to {@code ROLE_<value>} authorities. */
    static GrantedAuthoritiesMapper entraAppRoles() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    Operator.strings(oidc.getIdToken().getClaims().get("roles"))
                            .forEach(role -> mapped.add(new SimpleGrantedAuthority(Roles.PREFIX + role)));
                }
            }
            return mapped;
        };
    }

    /**
     * Hands out the operator's access token and refreshes it with the refresh token when it has expired. A refresh
     * is announced as an event, so the signed-in principal gets the new ID token too (sign-out sends it as a hint).
     */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository clients,
                                                          OAuth2AuthorizedClientRepository authorizedClients,
                                                          ApplicationEventPublisher events) {
        var refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
        refresh.setApplicationEventPublisher(events);
        var manager = new DefaultOAuth2AuthorizedClientManager(clients, authorizedClients);
        manager.setAuthorizedClientProvider(new DelegatingOAuth2AuthorizedClientProvider(
                new AuthorizationCodeOAuth2AuthorizedClientProvider(), refresh));
        return manager;
    }

    /**
     * The operators' Graph tokens, shared by every instance in PostgreSQL and sealed with the token key
     * ({@link EncryptedAuthorizedClients}); replaces Boot's in-memory store, which each instance kept for itself.
     */
    @Bean
    OAuth2AuthorizedClientService authorizedClientService(JdbcOperations jdbc, ClientRegistrationRepository clients,
                                                          TokenCipher cipher) {
        return new EncryptedAuthorizedClients(jdbc, clients, cipher);
    }

    /** Replaces the principal's ID token after a refresh, keeping TapDesk's role mapping. */
    @Bean
    OidcAuthorizedClientRefreshedEventListener oidcUserRefresher() {
        var listener = new OidcAuthorizedClientRefreshedEventListener();
        listener.setAuthoritiesMapper(entraAppRoles());
        return listener;
    }
}
