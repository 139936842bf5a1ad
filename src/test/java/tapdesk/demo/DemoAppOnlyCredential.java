package tapdesk.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Mono;
import tapdesk.demo.idp.DemoIdentityProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app-only credential of the demo and the tests: azure-identity refuses an http authority, so this one asks the
 * demo identity provider for a client-credentials token. Production uses azure-identity (AppOnlyCredentialConfig).
 */
@TestConfiguration(proxyBeanMethods = false)
public class DemoAppOnlyCredential {

    /**
     * The pickup registration's credential (issue 19): its own client {@code tapdesk-pickup} at the demo provider,
     * authenticated with a client assertion signed by the demo's certificate key (private_key_jwt), whose tokens hold
     * only {@code UserAuthMethod-TAP.ReadWrite.All}. Production builds it with azure-identity (PickupCredentialConfig).
     */
    @Bean
    io.tapdesk.graph.PickupCredential pickupCredentialFromTheDemoProvider(Environment environment) {
        return new io.tapdesk.graph.PickupCredential(new DemoPickupCredential(environment.getRequiredProperty("demo.idp.token-uri"),
                DemoIdentityProvider.PICKUP_CLIENT_ID, tapdesk.demo.idp.DemoPickupKey.demo()));
    }

    @Bean
    TokenCredential clientCredentialsFromTheDemoProvider(Environment environment) {
        String tokenUri = environment.getRequiredProperty("demo.idp.token-uri");
        HttpClient http = HttpClient.newHttpClient();
        JsonMapper json = JsonMapper.builder().build();
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.fromCallable(() -> getTokenSync(request));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                // the Verified ID Request Service's scope gets its own token (audience and roles of that service)
                String scope = request.getScopes() != null && request.getScopes().contains(DemoIdentityProvider.VERIFIED_ID_SCOPE)
                        ? DemoIdentityProvider.VERIFIED_ID_SCOPE : "Policy.Read.AuthenticationMethod";
                String basic = Base64.getEncoder().encodeToString((DemoIdentityProvider.CLIENT_ID + ":"
                        + DemoIdentityProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
                try {
                    var response = http.send(HttpRequest.newBuilder(URI.create(tokenUri))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("demo identity provider refused client credentials: " + response.statusCode());
                    }
                    var body = json.readTree(response.body());
                    return new AccessToken(body.get("access_token").asString(),
                            OffsetDateTime.now().plusSeconds(body.get("expires_in").asLong()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
