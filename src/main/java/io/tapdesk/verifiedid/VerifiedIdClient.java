package io.tapdesk.verifiedid;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Verified ID Request Service (docs/verifiedid.md): one call, createPresentationRequest, with an app-only token
 * for {@value VerifiedIdProperties#SCOPE} from the app-only credential (tapdesk.app-only.*, application permission
 * {@value VerifiedIdProperties#ROLE}). The only place besides {@code graph} that holds a {@link TokenCredential}.
 */
@Component
public class VerifiedIdClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PATH = "/v1.0/verifiableCredentials/createPresentationRequest";

    private final VerifiedIdProperties properties;
    private final ObjectProvider<TokenCredential> credential;
    private final HttpClient http;

    VerifiedIdClient(VerifiedIdProperties properties, ObjectProvider<TokenCredential> credential) {
        this.properties = properties;
        this.credential = credential;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Configured: an authority and an app-only credential to ask with. */
    public boolean available() {
        return properties.configured() && credential.getIfAvailable() != null;
    }

    public VerifiedIdProperties properties() {
        return properties;
    }

    /**
     * Asks for a presentation of a {@code VerifiedEmployee} credential issued by the configured authority, with
     * linked-domain validation, revoked credentials refused, and Face Check against the credential's {@code photo}.
     *
     * @param callbackUrl where the service posts the callbacks (TapDesk's public prefix)
     * @param state       TapDesk's session id, returned in every callback
     * @param apiKey      the session's own random key, sent back in the {@code api-key} header of every callback
     * @throws VerifiedIdFailure when no token can be had, or the service refuses or answers without a request
     */
    public PresentationRequest createPresentationRequest(String callbackUrl, String state, String apiKey) {
        TokenCredential tokens = credential.getIfAvailable();
        if (tokens == null || !properties.configured()) {
            throw new VerifiedIdFailure(0, "Verified ID is not configured", null);
        }
        String token;
        try {
            token = tokens.getTokenSync(new TokenRequestContext().addScopes(VerifiedIdProperties.SCOPE)).getToken();
        } catch (RuntimeException e) {
            throw new VerifiedIdFailure(0, "no app-only token for the Request Service: " + e.getClass().getSimpleName(), null);
        }
        String body = JSON.writeValueAsString(Map.of(
                "authority", properties.authority(),
                "includeQRCode", false,
                "includeReceipt", false,
                "registration", Map.of("clientName", properties.clientName()),
                "callback", Map.of("url", callbackUrl, "state", state, "headers", Map.of("api-key", apiKey)),
                "requestedCredentials", List.of(Map.of(
                        "type", "VerifiedEmployee",
                        "purpose", "Prove who is calling the service desk",
                        "acceptedIssuers", List.of(properties.authority()),
                        "configuration", Map.of("validation", Map.of(
                                "allowRevoked", false,
                                "validateLinkedDomain", true,
                                "faceCheck", Map.of("sourcePhotoClaimName", "photo",
                                        "matchConfidenceThreshold", properties.matchConfidenceThreshold())))))));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(properties.baseUrl().toString().replaceAll("/+$", "") + PATH))
                    .timeout(properties.timeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VerifiedIdFailure(0, "Request Service not reached: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifiedIdFailure(0, "interrupted", null);
        }
        if (response.statusCode() / 100 != 2) {
            throw new VerifiedIdFailure(response.statusCode(), "Request Service refused: " + response.statusCode() + " "
                    + errorCode(response.body()), null);
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            String requestId = answer.path("requestId").asString(null);
            String url = answer.path("url").asString(null);
            if (requestId == null || requestId.isBlank() || url == null || !url.startsWith("openid-vc://")) {
                throw new VerifiedIdFailure(response.statusCode(), "Request Service answered without a request", null);
            }
            long expiry = answer.path("expiry").asLong(0);
            return new PresentationRequest(requestId, url, expiry > 0 ? Instant.ofEpochSecond(expiry) : null);
        } catch (RuntimeException e) {
            if (e instanceof VerifiedIdFailure failure) {
                throw failure;
            }
            throw new VerifiedIdFailure(response.statusCode(), "Request Service answer unreadable", null);
        }
    }

    private static String errorCode(String body) {
        try {
            String code = JSON.readTree(body).path("error").path("code").asString("");
            return code.replaceAll("[^A-Za-z0-9_.-]", "");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
