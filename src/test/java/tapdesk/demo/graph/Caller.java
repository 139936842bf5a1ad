package tapdesk.demo.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who calls, read from the bearer token as Graph would: the {@code oid} and the directory roles in {@code wids}. */
record Caller(String objectId, List<String> directoryRoles, boolean appOnly) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Null when there is no readable bearer token. */
    static Caller from(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            List<String> wids = claims.has("wids") ? claims.get("wids").valueStream().map(JsonNode::asString).toList() : List.of();
            String oid = claims.has("oid") ? claims.get("oid").asString() : "";
            return new Caller(oid, wids, claims.has("idtyp") && "app".equals(claims.get("idtyp").asString()));
        } catch (RuntimeException notAToken) {
            return null;
        }
    }

    boolean has(String roleTemplateId) {
        return directoryRoles.contains(roleTemplateId);
    }
}
