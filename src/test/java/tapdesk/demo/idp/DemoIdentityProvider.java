package tapdesk.demo.idp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
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
    /** The stand-in plays global Graph, so TapDesk asks for Graph's full scope names. */
    static final String GRAPH_SCOPE_ROOT = "https://graph.microsoft.com/";

    /**
     * Starts the provider on {@code port}, accepting redirects back to each of {@code appUrls} (instances). Access tokens live
     * {@code accessTokenTtl}: below a minute TapDesk renews them with the refresh token on every use.
     */
    public static ConfigurableApplicationContext start(int port, List<String> appUrls, Duration accessTokenTtl) {
        return new SpringApplicationBuilder(DemoIdentityProvider.class)
                .properties(Map.of(
                        "spring.config.name", "demo-idp",
                        "server.port", Integer.toString(port),
                        "demo.redirect-uris", String.join(",", appUrls.stream().map(u -> u + "/login/oauth2/code/entra").toList()),
                        "demo.post-logout-redirect-uris", String.join(",", appUrls.stream().map(u -> u + "/signed-out").toList()),
                        "demo.client-id", CLIENT_ID,
                        "demo.client-secret", "{noop}" + CLIENT_SECRET,
                        "demo.access-token-ttl", accessTokenTtl.toSeconds() + "s"))
                .run();
    }

    @Bean
    UserDetailsService demoOperators() {
        return new InMemoryUserDetailsManager(DemoOperators.ALL.stream()
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
            DemoOperators.Operator op = DemoOperators.ALL.stream()
                    .filter(o -> o.username().equals(context.getPrincipal().getName()))
                    .findFirst().orElse(null);
            if (op == null) {
                // client credentials: an app-only token, as Entra marks it
                claims.claim("idtyp", "app");
                claims.claim("roles", List.of("Policy.Read.AuthenticationMethod"));
                return;
            }
            claims.claim("oid", op.objectId());
            claims.claim("name", op.displayName());
            claims.claim("preferred_username", op.username() + "@contoso.test");
            claims.claim("roles", op.appRoles());
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
