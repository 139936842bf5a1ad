package io.tapdesk.verifiedid;

import java.util.List;
import java.util.Optional;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One callback of the Request Service, read from its JSON body; only what TapDesk decides on (never the photo claim,
 * which is not even read). Docs: docs/verifiedid.md §3.
 *
 * @param requestId    the service's request id
 * @param status       {@code request_retrieved}, {@code presentation_verified} or {@code presentation_error}
 * @param state        what TapDesk passed as {@code callback.state} (its session id)
 * @param issuer       the first verified credential's {@code issuer}, or null
 * @param types        its {@code type} list
 * @param revocationId its {@code claims.revocationId} (a VerifiedEmployee's user principal name), or null
 * @param score        its {@code faceCheck.matchConfidenceScore} (0 to 100), or null when there is none, it is not a
 *                     number, or it is one no Face Check gives (not finite, outside 0 to 100)
 * @param errorCode    {@code error.code} of a presentation_error, or null
 */
public record PresentationCallback(String requestId, String status, String state, String issuer, List<String> types,
                                   String revocationId, Double score, String errorCode) {

    public static final String RETRIEVED = "request_retrieved";
    public static final String VERIFIED = "presentation_verified";
    public static final String ERROR = "presentation_error";

    // a key given twice is refused, not "last one wins": what TapDesk judges must be what any other reader sees
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Reads a callback body; empty when it is not JSON (or has a key twice), or lacks the request id or a known status. */
    public static Optional<PresentationCallback> parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        String requestId = text(root, "requestId");
        String status = text(root, "requestStatus");
        // (a null status is not one of them: List.contains(null) would throw, a 500 for anyone on the internet)
        if (requestId == null || !(RETRIEVED.equals(status) || VERIFIED.equals(status) || ERROR.equals(status))) {
            return Optional.empty();
        }
        String issuer = null;
        List<String> types = List.of();
        String revocationId = null;
        Double score = null;
        JsonNode credentials = root.get("verifiedCredentialsData");
        if (credentials != null && credentials.isArray() && !credentials.isEmpty()) {
            JsonNode first = credentials.get(0);
            issuer = text(first, "issuer");
            JsonNode type = first.get("type");
            if (type != null && type.isArray()) {
                types = type.valueStream().filter(JsonNode::isString).map(JsonNode::asString).toList();
            }
            JsonNode claims = first.get("claims");
            if (claims != null && claims.isObject()) {
                revocationId = text(claims, "revocationId");
            }
            JsonNode face = first.get("faceCheck");
            if (face != null && face.isObject() && face.get("matchConfidenceScore") != null
                    && face.get("matchConfidenceScore").isNumber()) {
                double read = face.get("matchConfidenceScore").asDouble();
                // 1e309 reads as Infinity, which would pass any threshold: only what a Face Check can give counts
                score = Double.isFinite(read) && read >= 0 && read <= 100 ? read : null;
            }
        }
        JsonNode error = root.get("error");
        String errorCode = error != null && error.isObject() ? text(error, "code") : null;
        return Optional.of(new PresentationCallback(requestId, status, text(root, "state"), issuer, types, revocationId,
                score, errorCode));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
