package tapdesk.demo.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who calls, read from the bearer token as Graph would: the {@code oid}, the directory roles in {@code wids}, the
 * delegated permissions in {@code scp}; for an app-only token ({@code idtyp=app}) the app ({@code azp}, or v1's
 * {@code appid}) and its application permissions in {@code roles}.
 */
record Caller(String objectId, List<String> directoryRoles, boolean appOnly, Set<String> scopes, String appId,
              Set<String> roles) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A token is sent with many calls; decoding it once keeps the stand-in's own time out of TapDesk's figures. */
    private static final Cache<String, Optional<Caller>> READ = Caffeine.newBuilder().maximumSize(1_000).build();

    /** Null when there is no readable bearer token. */
    static Caller from(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        return READ.get(authorization, Caller::read).orElse(null);
    }

    private static Optional<Caller> read(String authorization) {
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            List<String> wids = claims.has("wids") ? claims.get("wids").valueStream().map(JsonNode::asString).toList() : List.of();
            String oid = claims.has("oid") ? claims.get("oid").asString() : "";
            Set<String> scp = Scopes.parse(claims.has("scp") ? claims.get("scp").asString() : null);
            boolean app = claims.has("idtyp") && "app".equals(claims.get("idtyp").asString());
            String appId = claims.has("azp") ? claims.get("azp").asString() : claims.has("appid") ? claims.get("appid").asString() : "";
            Set<String> roles = app && claims.has("roles")
                    ? Set.copyOf(claims.get("roles").valueStream().map(JsonNode::asString).toList()) : Set.of();
            return Optional.of(new Caller(oid, wids, app, scp, appId, roles));
        } catch (RuntimeException notAToken) {
            return Optional.empty();
        }
    }

    boolean has(String roleTemplateId) {
        return directoryRoles.contains(roleTemplateId);
    }
}
