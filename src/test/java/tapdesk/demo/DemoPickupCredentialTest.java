package tapdesk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tapdesk.demo.idp.DemoIdentityProvider;
import tapdesk.demo.idp.DemoPickupKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo provider's pickup client is a real {@code private_key_jwt} client (issue 19): a token only for an assertion
 * signed with the key whose certificate it trusts and still valid; the token names the pickup app and holds its one
 * application permission, while the main app-only client's token holds no permission that writes sign-in methods.
 */
class DemoPickupCredentialTest {

    static final DemoStack STACK = DemoStack.shared();
    static final String TOKEN_URI = STACK.issuer() + "/oauth2/token";
    static final TokenRequestContext GRAPH = new TokenRequestContext().addScopes("https://graph.microsoft.com/.default");

    static JsonNode claims(String jwt) {
        return JsonMapper.builder().build().readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void aValidAssertionGetsATokenOfThePickupAppWithItsOnePermission() {
        String token = new DemoPickupCredential(TOKEN_URI, DemoIdentityProvider.PICKUP_CLIENT_ID, DemoPickupKey.demo())
                .getTokenSync(GRAPH).getToken();

        JsonNode claims = claims(token);
        assertThat(claims.get("idtyp").asString()).isEqualTo("app");
        assertThat(claims.get("azp").asString()).isEqualTo(DemoIdentityProvider.PICKUP_CLIENT_ID);
        assertThat(claims.get("appid").asString()).isEqualTo(DemoIdentityProvider.PICKUP_CLIENT_ID);
        assertThat(claims.get("roles").valueStream().map(JsonNode::asString).toList())
                .containsExactly("UserAuthMethod-TAP.ReadWrite.All");
    }

    @Test
    void theAssertionLooksLikeAzureIdentitys() {
        Instant now = Instant.now();
        String assertion = DemoPickupCredential.assertion(DemoIdentityProvider.PICKUP_CLIENT_ID, TOKEN_URI, DemoPickupKey.demo(),
                now, now.plus(Duration.ofMinutes(10)));

        JsonNode header = JsonMapper.builder().build().readTree(new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[0]), StandardCharsets.UTF_8));
        assertThat(header.get("alg").asString()).isEqualTo("RS256");
        assertThat(header.get("x5t").asString()).isEqualTo(DemoPickupKey.demo().x5t());
        JsonNode claims = claims(assertion);
        assertThat(claims.get("iss").asString()).isEqualTo(DemoIdentityProvider.PICKUP_CLIENT_ID);
        assertThat(claims.get("sub").asString()).isEqualTo(DemoIdentityProvider.PICKUP_CLIENT_ID);
        assertThat(claims.get("aud").asString()).isEqualTo(TOKEN_URI);
        assertThat(claims.get("jti").asString()).isNotBlank();
        assertThat(claims.get("exp").asLong()).isEqualTo(now.plus(Duration.ofMinutes(10)).getEpochSecond());
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefused() {
        var intruder = new DemoPickupCredential(TOKEN_URI, DemoIdentityProvider.PICKUP_CLIENT_ID, DemoPickupKey.generate("intruder"));

        assertThatThrownBy(() -> intruder.getTokenSync(GRAPH))
                .isInstanceOf(ClientAuthenticationException.class).hasMessageContaining("401").hasMessageContaining("invalid_client");
    }

    @Test
    void anExpiredAssertionIsRefused() {
        // well past the provider's minute of clock skew
        Instant then = Instant.now().minus(Duration.ofMinutes(20));
        String expired = DemoPickupCredential.assertion(DemoIdentityProvider.PICKUP_CLIENT_ID, TOKEN_URI, DemoPickupKey.demo(),
                then, then.plus(Duration.ofMinutes(10)));

        var response = DemoPickupCredential.requestToken(TOKEN_URI, DemoIdentityProvider.PICKUP_CLIENT_ID, expired);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_client").doesNotContain("access_token");
    }

    @Test
    void anAssertionForAnotherAudienceIsRefused() {
        Instant now = Instant.now();
        String elsewhere = DemoPickupCredential.assertion(DemoIdentityProvider.PICKUP_CLIENT_ID, "https://login.example/token",
                DemoPickupKey.demo(), now, now.plus(Duration.ofMinutes(10)));

        assertThat(DemoPickupCredential.requestToken(TOKEN_URI, DemoIdentityProvider.PICKUP_CLIENT_ID, elsewhere).statusCode()).isEqualTo(401);
    }

    @Test
    void theMainAppOnlyClientHoldsNoPermissionThatWritesSignInMethods() {
        var environment = new MockEnvironment().withProperty("demo.idp.token-uri", TOKEN_URI);
        String token = new DemoAppOnlyCredential().clientCredentialsFromTheDemoProvider(environment).getTokenSync(GRAPH).getToken();

        List<String> roles = claims(token).get("roles").valueStream().map(JsonNode::asString).toList();
        assertThat(roles).contains("User.Read.All", "GroupMember.Read.All", "UserAuthenticationMethod.Read.All",
                "User-LifeCycleInfo.Read.All");
        assertThat(roles).noneMatch(role -> role.contains("ReadWrite"));
        assertThat(claims(token).get("azp").asString()).isEqualTo(DemoIdentityProvider.CLIENT_ID);
    }
}
