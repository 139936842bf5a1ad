package tapdesk.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import tapdesk.demo.idp.DemoIdentityProvider;
import tapdesk.demo.idp.DemoPickupKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pickup registration's credential in the demo and the tests: what azure-identity's certificate credential does
 * (which refuses an http authority), spoken to the demo provider. Each token request carries a new client assertion
 * (RFC 7523, {@code private_key_jwt}): an RS256 JWT with {@code iss} = {@code sub} = the client id, {@code aud} = the
 * token endpoint, a fresh {@code jti}, {@code nbf}/{@code iat} now and {@code exp} ten minutes on, and the
 * certificate's SHA-1 thumbprint in the {@code x5t} header, signed with the certificate's private key.
 */
public final class DemoPickupCredential implements TokenCredential {

    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String tokenUri;
    private final String clientId;
    private final DemoPickupKey.Pair key;

    /**
     * @param tokenUri the provider's token endpoint (also the assertion's audience)
     * @param clientId the registration's client id ({@link DemoIdentityProvider#PICKUP_CLIENT_ID})
     * @param key      the certificate and private key the assertions are signed with
     */
    public DemoPickupCredential(String tokenUri, String clientId, DemoPickupKey.Pair key) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.key = key;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    /**
     * A client-credentials token for {@link DemoIdentityProvider#PICKUP_SCOPE} (the request's own scope names the
     * stand-in's address, which the provider does not know; Entra's would be the same {@code .default}).
     *
     * @throws ClientAuthenticationException when the provider refuses the assertion (status and error in the message)
     */
    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        Instant now = Instant.now();
        HttpResponse<String> response = requestToken(tokenUri, clientId,
                assertion(clientId, tokenUri, key, now, now.plus(ASSERTION_LIFETIME)));
        if (response.statusCode() != 200) {
            throw new ClientAuthenticationException("the demo identity provider refused the pickup's client assertion: "
                    + response.statusCode() + " " + response.body(), null);
        }
        var body = JSON.readTree(response.body());
        return new AccessToken(body.get("access_token").asString(), OffsetDateTime.now().plusSeconds(body.get("expires_in").asLong()));
    }

    /** A signed client assertion valid from {@code issuedAt} to {@code expires} (tests make expired ones). */
    public static String assertion(String clientId, String audience, DemoPickupKey.Pair key, Instant issuedAt, Instant expires) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .x509CertThumbprint(new Base64URL(key.x5t())).build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The token request of {@code private_key_jwt} client credentials, answered as the provider answers it. */
    public static HttpResponse<String> requestToken(String tokenUri, String clientId, String assertion) {
        String form = Map.of(
                        "grant_type", "client_credentials",
                        "client_id", clientId,
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", assertion,
                        "scope", DemoIdentityProvider.PICKUP_SCOPE)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(tokenUri))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ClientAuthenticationException("the demo identity provider did not answer: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientAuthenticationException("interrupted", null);
        }
    }

    @Override
    public String toString() {
        return "DemoPickupCredential[" + clientId + "]";
    }
}
