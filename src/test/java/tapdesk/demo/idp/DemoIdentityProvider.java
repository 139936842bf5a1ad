package tapdesk.demo.idp;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import tapdesk.demo.DemoOperators;

/**
 * The demo identity provider: Spring Authorization Server in its own application context, configured by
 * {@code demo-idp.yml} (its own configuration name, so it never reads TapDesk's). It signs in the demo operators
 * and issues Entra-shaped tokens: {@code roles}, {@code wids}, {@code oid}, {@code tid}, {@code preferred_username},
 * {@code name}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DemoIdentityProvider {

    public static final String CLIENT_ID = "tapdesk-demo";
    public static final String CLIENT_SECRET = "tapdesk-demo-secret";
    /** The confirmation app's client (the second registration, {@code openid profile} only; issue 17). */
    public static final String CONFIRM_CLIENT_ID = "tapdesk-confirm";
    public static final String CONFIRM_CLIENT_SECRET = "tapdesk-confirm-secret";
    /**
     * The pickup's own registration (issue 19): client credentials with {@code private_key_jwt} only (a client
     * assertion signed with {@link DemoPickupKey#demo()}, checked against the JWKS at {@link #PICKUP_JWKS_PATH}); its
     * tokens hold the one application permission {@link #PICKUP_ROLE}.
     */
    public static final String PICKUP_CLIENT_ID = "tapdesk-pickup";
    public static final String PICKUP_ROLE = "UserAuthMethod-TAP.ReadWrite.All";
    /** What the pickup asks for, as with Entra: the Graph resource's {@code .default}. */
    public static final String PICKUP_SCOPE = "https://graph.microsoft.com/.default";
    static final String PICKUP_JWKS_PATH = "/demo/pickup-jwks.json";
    /**
     * The application permissions of the main app-only client ({@code tapdesk.app-only}): its reads (policy, PIM
     * eligibility, the person and the manager read again with no operator present, the hire dates) and the notices'
     * mail. No permission that writes sign-in methods: only the pickup client can create a pass.
     */
    public static final List<String> APP_ONLY_ROLES = List.of("Policy.Read.AuthenticationMethod", "Mail.Send",
            "User.Read.All", "GroupMember.Read.All", "UserAuthenticationMethod.Read.All", "User-LifeCycleInfo.Read.All",
            "RoleEligibilitySchedule.Read.Directory", "PrivilegedEligibilitySchedule.Read.AzureADGroup");
    /** The Verified ID Request Service's app id and client-credentials scope (the Request Service stand-in checks both). */
    public static final String VERIFIED_ID_RESOURCE = "3db474b9-6a0c-4840-96ac-1fceb342124f";
    public static final String VERIFIED_ID_SCOPE = VERIFIED_ID_RESOURCE + "/.default";
    /** Tests: the roles of Request Service tokens issued from now on (the permission not granted: empty). */
    public static final java.util.Set<String> VERIFIED_ID_ROLES =
            new java.util.concurrent.CopyOnWriteArraySet<>(List.of("VerifiableCredential.Create.PresentRequest"));

    /** The stand-in plays global Graph, so TapDesk asks for Graph's full scope names. */
    static final String GRAPH_SCOPE_ROOT = "https://graph.microsoft.com/";

    /**
     * Starts the provider on {@code port}, accepting redirects back to each of {@code appUrls} (instances). Access tokens live
     * {@code accessTokenTtl}: below a minute TapDesk renews them with the refresh token on every use.
     */
    public static ConfigurableApplicationContext start(int port, List<String> appUrls, Duration accessTokenTtl) {
        // the port is known before start: the pickup client's JWKS address is part of its registration
        int at = port == 0 ? freePort() : port;
        return new SpringApplicationBuilder(DemoIdentityProvider.class)
                .properties(Map.of(
                        "spring.config.name", "demo-idp",
                        "server.port", Integer.toString(at),
                        "demo.redirect-uris", String.join(",", appUrls.stream().map(u -> u + "/login/oauth2/code/entra").toList()),
                        "demo.post-logout-redirect-uris", String.join(",", appUrls.stream().map(u -> u + "/signed-out").toList()),
                        "demo.client-id", CLIENT_ID,
                        "demo.client-secret", "{noop}" + CLIENT_SECRET,
                        "demo.confirm-redirect-uris", String.join(",", appUrls.stream().map(u -> u + "/login/oauth2/code/confirm").toList()),
                        "demo.confirm-client-id", CONFIRM_CLIENT_ID,
                        "demo.confirm-client-secret", "{noop}" + CONFIRM_CLIENT_SECRET,
                        "demo.access-token-ttl", accessTokenTtl.toSeconds() + "s"))
                // the pickup's client (issue 19): its keys are served by this provider, at this port
                .properties(Map.of("demo.pickup-client-id", PICKUP_CLIENT_ID,
                        "demo.pickup-jwk-set-uri", "http://localhost:" + at + PICKUP_JWKS_PATH))
                .run();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The JWKS of the pickup client: the public half of the key made at start ({@link DemoPickupKey}), served ahead of
     * the provider's security (Entra keeps an app's certificates on its registration; Spring Authorization Server
     * fetches a {@code private_key_jwt} client's keys from its {@code jwkSetUrl}).
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> pickupJwks() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("GET".equals(request.getMethod()) && PICKUP_JWKS_PATH.equals(request.getRequestURI())) {
                    response.setContentType("application/jwk-set+json");
                    response.getWriter().write(DemoPickupKey.jwks());
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 2);
        return registration;
    }

    @Bean
    UserDetailsService demoOperators() {
        return new InMemoryUserDetailsManager(java.util.stream.Stream.concat(DemoOperators.ALL.stream(), DemoOperators.CONFIRMERS.stream())
                .map(op -> User.withUsername(op.username()).password("{noop}" + op.password()).roles("DEMO").build())
                .toList());
    }

    /**
     * The demo's passwords and client secret stay {@code {noop}}: they are printed in the README and the code anyway.
     * With Spring's default encoder both are re-hashed with BCrypt on first use and then checked with BCrypt on every
     * sign-in and every token request (each refresh, each app-only token): that was most of the test run's CPU time.
     */
    @Bean
    @SuppressWarnings("deprecation")
    PasswordEncoder demoPasswords() {
        return new DelegatingPasswordEncoder("noop", Map.of("noop", NoOpPasswordEncoder.getInstance()));
    }

    /** When an operator signed in here: the ID token's {@code auth_time} (Entra's optional claim), kept with the sign-in. */
    public record DemoSignIn(Instant authTime) {
    }

    private static volatile Duration signInsAged = Duration.ZERO;
    private static volatile Duration idTokensAged = Duration.ZERO;
    private static volatile boolean ignoresReauthentication;
    private static volatile boolean omitsAuthTime;
    private static final Map<String, List<String>> ROLE_OVERRIDES = new ConcurrentHashMap<>();

    /** Tests: sign-ins made from now on report an {@code auth_time} this much earlier (an old sign-in, without waiting). */
    public static void signInsAged(Duration age) {
        signInsAged = age;
    }

    /** Tests: ID tokens issued from now on (sign-in and refresh) say they were issued this much earlier (roles read long ago). */
    public static void idTokensAged(Duration age) {
        idTokensAged = age;
    }

    /** Tests: behave like a provider that ignores {@code prompt=login} and {@code max_age} (as Spring's does on its own). */
    public static void ignoreReauthentication(boolean ignore) {
        ignoresReauthentication = ignore;
    }

    /** Tests: ID tokens without {@code auth_time}, as Entra's are until the optional claim is configured. */
    public static void omitAuthTime(boolean omit) {
        omitsAuthTime = omit;
    }

    /** Tests: the app roles the provider puts in tokens for {@code username} from now on (an assignment removed in Entra). */
    public static void appRoles(String username, List<String> roles) {
        ROLE_OVERRIDES.put(username, List.copyOf(roles));
    }

    /** Back to the demo's own behaviour. */
    public static void reset() {
        signInsAged = Duration.ZERO;
        idTokensAged = Duration.ZERO;
        ignoresReauthentication = false;
        omitsAuthTime = false;
        ROLE_OVERRIDES.clear();
    }

    /**
     * What Spring Authorization Server does not do on its own, and Entra does: {@code prompt=login} and {@code max_age}
     * on the authorization request end the provider's sign-in when it is older (prompt=login: always), so the password
     * is asked again; and each sign-in is stamped with its time, which becomes {@code auth_time}. Runs ahead of the
     * provider's security filters.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> reauthentication() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Instant now = Instant.now();
                if ("GET".equals(request.getMethod()) && "/oauth2/authorize".equals(request.getRequestURI())
                        && !ignoresReauthentication && mustSignInAgain(request, now)) {
                    request.getSession().invalidate();
                    // back to the same request without prompt=login (else it would ask forever); max_age now holds
                    var again = UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
                            .query(request.getQueryString()).replaceQueryParam("prompt").build(true).toUriString();
                    response.sendRedirect(again);
                    return;
                }
                chain.doFilter(request, response);
                if ("POST".equals(request.getMethod()) && "/login".equals(request.getRequestURI())) {
                    stampSignIn(request, now);
                }
            }
        });
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    private static boolean mustSignInAgain(HttpServletRequest request, Instant now) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SECURITY_CONTEXT) instanceof SecurityContext context)
                || context.getAuthentication() == null || !(context.getAuthentication().getDetails() instanceof DemoSignIn)) {
            return false;
        }
        String prompt = request.getParameter("prompt");
        // select_account (the confirmation app's sign-in): Entra shows its account picker; the demo has none, so it
        // asks for a user name and password again, which is what lets another account sign in after "Sign out"
        if (prompt != null && (List.of(prompt.split(" ")).contains("login") || List.of(prompt.split(" ")).contains("select_account"))) {
            return true;
        }
        String maxAge = request.getParameter("max_age");
        Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
        return maxAge != null && (signedInAt == null || signedInAt.plusSeconds(Long.parseLong(maxAge)).isBefore(now));
    }

    /** After a successful password sign-in: its time, on the session (max_age) and on the principal (auth_time). */
    private static void stampSignIn(HttpServletRequest request, Instant now) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SECURITY_CONTEXT) instanceof SecurityContext context
                && context.getAuthentication() instanceof UsernamePasswordAuthenticationToken signedIn
                && !(signedIn.getDetails() instanceof DemoSignIn)) {
            var stamped = UsernamePasswordAuthenticationToken.authenticated(signedIn.getPrincipal(), null, signedIn.getAuthorities());
            stamped.setDetails(new DemoSignIn(now.minus(signInsAged).truncatedTo(ChronoUnit.SECONDS)));
            context.setAuthentication(stamped);
            session.setAttribute(SIGNED_IN_AT, now);
            session.setAttribute(SECURITY_CONTEXT, context);
        }
    }

    private static final String SECURITY_CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;
    private static final String SIGNED_IN_AT = DemoIdentityProvider.class.getName() + ".signedInAt";

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> entraShapedClaims() {
        return context -> {
            boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            if (!idToken && !accessToken) {
                return;
            }
            var claims = context.getClaims();
            claims.claim("tid", DemoOperators.TENANT_ID);
            DemoOperators.Operator op = DemoOperators.byUsername(context.getPrincipal().getName()).orElse(null);
            if (op == null) {
                // client credentials: an app-only token, as Entra marks it, naming the app (v2 azp, v1 appid)
                claims.claim("idtyp", "app");
                String app = context.getRegisteredClient().getClientId();
                claims.claim("azp", app);
                claims.claim("appid", app);
                if (PICKUP_CLIENT_ID.equals(app)) {
                    // the pickup registration: one application permission, creating (and listing) passes
                    claims.claim("roles", List.of(PICKUP_ROLE));
                    return;
                }
                if (context.getAuthorizedScopes().contains(VERIFIED_ID_SCOPE)) {
                    // a token for the Verified ID Request Service (issue 18): its audience is the service's app id,
                    // and its roles the application permission granted to TapDesk there
                    claims.audience(List.of(VERIFIED_ID_RESOURCE));
                    claims.claim("roles", VERIFIED_ID_ROLES.isEmpty() ? List.of() : List.copyOf(VERIFIED_ID_ROLES));
                    return;
                }
                // Mail.Send: the notices' sendMail from the demo's sender mailbox (README "Notices after every pass")
                // User.Read.All: the person's manager read again when the manager answers ("ask the manager"); the
                // rest: the person read again app-only at pickup and the new hires (issue 19), PIM eligibility
                claims.claim("roles", APP_ONLY_ROLES);
                return;
            }
            if (CONFIRM_CLIENT_ID.equals(context.getRegisteredClient().getClientId())) {
                // the confirmation app's registration has no app roles and no Graph permission: the ID token says who
                // signed in, nothing more (a staff member signing in there gets the same)
                claims.claim("oid", op.objectId());
                claims.claim("name", op.displayName());
                claims.claim("preferred_username", DemoOperators.CONFIRMERS.contains(op)
                        ? tapdesk.demo.DemoPeople.withId(op.objectId()).userPrincipalName() : op.username() + "@contoso.test");
                if (idToken && context.getPrincipal().getDetails() instanceof DemoSignIn signIn) {
                    claims.claim("auth_time", signIn.authTime().getEpochSecond());
                }
                return;
            }
            claims.claim("oid", op.objectId());
            claims.claim("name", op.displayName());
            claims.claim("preferred_username", op.username() + "@contoso.test");
            claims.claim("roles", ROLE_OVERRIDES.getOrDefault(op.username(), op.appRoles()));
            if (idToken && context.getPrincipal().getDetails() instanceof DemoSignIn signIn) {
                // Entra's optional claim auth_time: when the password was given, the same after every refresh
                claims.claim("auth_time", signIn.authTime().getEpochSecond());
                if (omitsAuthTime) {
                    claims.claims(all -> all.remove("auth_time"));
                }
                if (!idTokensAged.isZero()) {
                    claims.issuedAt(Instant.now().minus(idTokensAged));
                }
            }
            claims.claim("wids", op.directoryRoles());
            if (accessToken) {
                // Entra's delegated permissions: space-separated, without the resource prefix (the stand-in checks them)
                claims.claim("scp", String.join(" ", context.getAuthorizedScopes().stream()
                        .filter(scope -> scope.startsWith(GRAPH_SCOPE_ROOT))
                        .map(scope -> scope.substring(GRAPH_SCOPE_ROOT.length())).sorted().toList()));
            }
        };
    }
}
