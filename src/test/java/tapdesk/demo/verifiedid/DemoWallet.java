package tapdesk.demo.verifiedid;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A demo wallet (issue 18): plays Microsoft Authenticator and the Request Service's callbacks for one presentation
 * request, posting to TapDesk's callback URL what the service would post: {@code request_retrieved};
 * {@code presentation_verified} with a VerifiedEmployee credential (its {@code revocationId}, issuer and Face Check
 * score); {@code presentation_error}. The forged cases (a wrong api-key) are plain arguments.
 *
 * <p>By hand, against the demo: {@code DemoWallet <stand-in base URL> <case> [upn] [score]}, cases {@code retrieved},
 * {@code verified}, {@code error}, {@code forged}; it reads the latest request from the stand-in
 * ({@code GET /demo-wallet/latest}).
 */
public final class DemoWallet {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final VerifiedIdStandIn.Request request;

    public DemoWallet(VerifiedIdStandIn.Request request) {
        this.request = request;
    }

    /** The caller opened the link: Authenticator fetched the request. */
    public int retrieved() {
        return post(request.apiKey(), Map.of("requestId", request.requestId(), "requestStatus", "request_retrieved",
                "state", request.state()));
    }

    /** The caller presented a VerifiedEmployee credential of {@code upn}, issued by {@code issuer}, with this Face Check score. */
    public int verified(String upn, double score, String issuer) {
        return post(request.apiKey(), verifiedBody(upn, score, issuer));
    }

    public int verified(String upn, double score) {
        return verified(upn, score, VerifiedIdStandIn.AUTHORITY);
    }

    /** The service's presentation_error (a Face Check below the threshold fails the whole presentation). */
    public int error(String code) {
        return post(request.apiKey(), Map.of("requestId", request.requestId(), "requestStatus", "presentation_error",
                "state", request.state(), "error", Map.of("code", code, "message", "Face check failed")));
    }

    /** A callback with another api-key: what a forger who knows the request id could send. */
    public int forged(String apiKey, String upn, double score) {
        return post(apiKey, verifiedBody(upn, score, VerifiedIdStandIn.AUTHORITY));
    }

    Map<String, Object> verifiedBody(String upn, double score, String issuer) {
        return Map.of("requestId", request.requestId(), "requestStatus", "presentation_verified", "state", request.state(),
                "subject", "did:web:wallet.contoso.test:demo",
                "verifiedCredentialsData", List.of(Map.of(
                        "issuer", issuer,
                        "type", List.of("VerifiableCredential", "VerifiedEmployee"),
                        "claims", Map.of("displayName", "Demo", "revocationId", upn, "photo", "AAAAPHOTO",
                                "jobTitle", "Demo"),
                        "credentialState", Map.of("revocationStatus", "VALID"),
                        "domainValidation", Map.of("url", "https://contoso.test/"),
                        "faceCheck", Map.of("matchConfidenceScore", score, "sourcePhotoQuality", "HIGH"),
                        "issuanceDate", Instant.now().minusSeconds(86400).toString(),
                        "expirationDate", Instant.now().plusSeconds(86400 * 30L).toString())),
                "receipt", Map.of());
    }

    /** Posts {@code body} as the service would, with {@code apiKey} in the header; the status TapDesk answered. */
    public int post(String apiKey, Object body) {
        try {
            var builder = HttpRequest.newBuilder(URI.create(request.callbackUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (apiKey != null) {
                builder.header("api-key", apiKey);
            }
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The demo by hand: see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DemoWallet <stand-in base URL> retrieved|verified|error|forged [upn] [score]");
            System.exit(2);
        }
        var latest = HTTP.send(HttpRequest.newBuilder(URI.create(args[0] + "/demo-wallet/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (latest.statusCode() != 200) {
            System.err.println("no presentation request yet: the caller has not typed a code");
            System.exit(1);
        }
        JsonNode r = JSON.readTree(latest.body());
        var wallet = new DemoWallet(new VerifiedIdStandIn.Request(r.path("requestId").asString(), r.path("state").asString(),
                r.path("callbackUrl").asString(), r.path("apiKey").asString(), 70, null));
        String upn = args.length > 2 ? args[2] : "adele.vance@contoso.test";
        double score = args.length > 3 ? Double.parseDouble(args[3]) : 87.3;
        int status = switch (args[1]) {
            case "retrieved" -> wallet.retrieved();
            case "verified" -> wallet.verified(upn, score);
            case "error" -> wallet.error("faceCheckFailed");
            case "forged" -> wallet.forged("not-the-api-key-of-this-request-000000", upn, score);
            default -> throw new IllegalArgumentException("unknown case " + args[1]);
        };
        System.out.println("TapDesk answered " + status);
    }
}
