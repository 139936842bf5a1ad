package tapdesk.demo.verifiedid;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.idp.DemoIdentityProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Verified ID Request Service stand-in (issue 18): WireMock on a loopback port, answering
 * {@code POST /v1.0/verifiableCredentials/createPresentationRequest} as the real service does
 * ({@code requestId}, {@code url}, {@code expiry}) after checking the app-only token's audience
 * ({@value DemoIdentityProvider#VERIFIED_ID_RESOURCE}) and role ({@code VerifiableCredential.Create.PresentRequest}),
 * and the request's shape (a VerifiedEmployee of {@link #AUTHORITY}, Face Check against {@code photo}). It keeps each
 * request (callback URL, state, api-key) for the demo wallet ({@link DemoWallet}); {@code GET /demo-wallet/latest}
 * gives the latest to a wallet in another JVM, and {@code POST /demo-wallet/<case>} plays the wallet by hand (the demo:
 * README "Get verified"). Signatures are not checked (as the Graph stand-in).
 */
public final class VerifiedIdStandIn implements AutoCloseable {

    /** The demo tenant's Verified ID authority, and the issuer of its VerifiedEmployee credentials. */
    public static final String AUTHORITY = "did:web:verifiedid.contoso.test";
    static final String ROLE = "VerifiableCredential.Create.PresentRequest";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One presentation request as TapDesk made it. */
    public record Request(String requestId, String state, String callbackUrl, String apiKey, int threshold, JsonNode body) {
    }

    private final WireMockServer server;
    private final List<Request> requests = new ArrayList<>();

    private VerifiedIdStandIn(int port) {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1").port(port)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .notifier(new Slf4jNotifier(false))
                .extensions(new Answer()));
    }

    /** Starts on {@code port} (0 picks a free one). */
    public static VerifiedIdStandIn start(int port) {
        VerifiedIdStandIn standIn = new VerifiedIdStandIn(port);
        standIn.server.start();
        standIn.server.stubFor(any(urlMatching("/.*")).willReturn(aResponse().withTransformers(Answer.NAME)));
        return standIn;
    }

    /** TapDesk's {@code tapdesk.verified-id.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The latest request TapDesk made, if any. */
    public synchronized Optional<Request> latest() {
        return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
    }

    public synchronized int count() {
        return requests.size();
    }

    private synchronized void add(Request request) {
        requests.add(request);
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Answer implements ResponseDefinitionTransformerV2 {

        static final String NAME = "verified-id-stand-in";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var request = event.getRequest();
            String path = request.getUrl().replaceAll("\\?.*", "");
            String method = request.getMethod().getName();
            if (method.equals("GET") && path.equals("/demo-wallet/latest")) {
                return latest().map(r -> json(200, Map.of("requestId", r.requestId(), "state", r.state(),
                        "callbackUrl", r.callbackUrl(), "apiKey", r.apiKey()))).orElse(json(404, Map.of()));
            }
            if (method.equals("POST") && path.startsWith("/demo-wallet/")) {
                return byHand(path.substring("/demo-wallet/".length()), request.queryParameter("upn").isPresent()
                        ? request.queryParameter("upn").firstValue() : null, request.queryParameter("score").isPresent()
                        ? request.queryParameter("score").firstValue() : null);
            }
            if (!method.equals("POST") || !path.equals("/v1.0/verifiableCredentials/createPresentationRequest")) {
                return error(404, "notFound", "no such endpoint");
            }
            JsonNode token = claims(request.getHeader("Authorization"));
            if (token == null) {
                return error(401, "Unauthorized", "no bearer token");
            }
            if (!text(token, "aud").contains(DemoIdentityProvider.VERIFIED_ID_RESOURCE) || !"app".equals(token.path("idtyp").asString(""))) {
                return error(401, "Unauthorized", "the token is not an app-only token for the Request Service");
            }
            if (!text(token, "roles").contains(ROLE)) {
                return error(403, "Forbidden", "the application permission " + ROLE + " is not granted");
            }
            if (!DemoOperators.TENANT_ID.equals(token.path("tid").asString(""))) {
                return error(401, "Unauthorized", "another tenant");
            }
            JsonNode body;
            try {
                body = JSON.readTree(request.getBodyAsString());
            } catch (RuntimeException e) {
                return error(400, "badRequest", "not JSON");
            }
            JsonNode credential = body.path("requestedCredentials").path(0);
            JsonNode validation = credential.path("configuration").path("validation");
            String apiKey = body.path("callback").path("headers").path("api-key").asString("");
            boolean shaped = AUTHORITY.equals(body.path("authority").asString(""))
                    && "VerifiedEmployee".equals(credential.path("type").asString(""))
                    && text(credential, "acceptedIssuers").contains(AUTHORITY)
                    && "photo".equals(validation.path("faceCheck").path("sourcePhotoClaimName").asString(""))
                    && validation.path("validateLinkedDomain").asBoolean(false)
                    && !validation.path("allowRevoked").asBoolean(true)
                    && body.path("callback").path("url").asString("").startsWith("http")
                    && !body.path("callback").path("state").asString("").isEmpty()
                    && apiKey.length() >= 32;
            if (!shaped) {
                return error(400, "badRequest", "the presentation request lacks what TapDesk must ask for");
            }
            String requestId = UUID.randomUUID().toString();
            add(new Request(requestId, body.path("callback").path("state").asString(), body.path("callback").path("url").asString(),
                    apiKey, validation.path("faceCheck").path("matchConfidenceThreshold").asInt(70), body));
            return json(201, Map.of("requestId", requestId,
                    "url", "openid-vc://?request_uri=" + baseUrl() + "/v1.0/tenants/" + DemoOperators.TENANT_ID
                            + "/verifiableCredentials/presentationRequests/" + requestId,
                    "expiry", Instant.now().plusSeconds(300).getEpochSecond()));
        }

        /**
         * The demo by hand: {@code curl -X POST '<stand-in>/demo-wallet/verified?upn=adele.vance@contoso.test&score=87.3'}
         * posts that callback for the latest request (cases retrieved, verified, error, forged) and says what TapDesk answered.
         */
        private ResponseDefinition byHand(String which, String upn, String score) {
            var latest = latest();
            if (latest.isEmpty()) {
                return json(404, Map.of("problem", "no presentation request yet: the caller has not typed a code"));
            }
            DemoWallet wallet = new DemoWallet(latest.get());
            String person = upn == null ? "adele.vance@contoso.test" : upn;
            double value = score == null ? 87.3 : Double.parseDouble(score);
            int status = switch (which) {
                case "retrieved" -> wallet.retrieved();
                case "verified" -> wallet.verified(person, value);
                case "error" -> wallet.error("faceCheckFailed");
                case "forged" -> wallet.forged("not-the-api-key-of-this-request-0000000000", person, value);
                default -> -1;
            };
            return status < 0 ? json(400, Map.of("problem", "cases: retrieved, verified, error, forged"))
                    : json(200, Map.of("tapdeskAnswered", status));
        }

        private static JsonNode claims(String authorization) {
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                return null;
            }
            String[] parts = authorization.substring(7).trim().split("\\.");
            if (parts.length != 3) {
                return null;
            }
            try {
                return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** A string claim or an array of strings, as a list. */
        private static List<String> text(JsonNode node, String field) {
            JsonNode value = node.path(field);
            if (value.isArray()) {
                return value.valueStream().map(v -> v.asString("")).toList();
            }
            return value.isString() ? List.of(value.asString()) : List.of();
        }

        private static ResponseDefinition error(int status, String code, String message) {
            return json(status, Map.of("requestId", UUID.randomUUID().toString(), "date", Instant.now().toString(),
                    "mscv", "stand-in", "error", Map.of("code", code, "message", message)));
        }

        private static ResponseDefinition json(int status, Object body) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body)).build();
        }
    }
}
