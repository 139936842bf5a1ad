package io.tapdesk.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sign-in's authorization request (state, nonce, PKCE verifier) in a sealed cookie ({@link SealedCookies}) instead
 * of a session, so an anonymous visitor leaves no session row. One cookie per sign-in, named after a hash of its
 * {@code state}, so two tabs signing in at once each find their own; sent only to the callback path, and kept
 * {@link #MAX_AGE}. Stored as an explicit JSON record of strings (never Java serialisation); a cookie that does not
 * open, or whose state differs from the callback's, counts as no request: Spring Security then fails the sign-in with
 * {@code authorization_request_not_found}, and TapDesk's failure handler offers a fresh start.
 */
final class CookieAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String PURPOSE = "oauth2-authorization-request";
    static final String PREFIX = "tapdesk_auth_";
    /** The callback path: the only path the cookie is sent to. */
    static final String PATH = "/login/oauth2/code";
    /** How long a sign-in may take at the identity provider. */
    static final Duration MAX_AGE = Duration.ofMinutes(15);
    /** Attribute of a stored request: the local path its sign-in was started from ({@link CookieRequestCache}). */
    static final String RETURN_TO = "tapdesk_return_to";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What is kept of a request: strings only. The full authorization URI is left out (the builder makes it again from
     * these), which keeps the cookie near 1.5 KB, well inside a browser's 4 KB.
     */
    record Stored(String authorizationUri, String clientId, String redirectUri, List<String> scopes, String state,
                  Map<String, String> additionalParameters, Map<String, String> attributes) {
    }

    private final SealedCookies cookies;

    CookieAuthorizationRequests(SealedCookies cookies) {
        this.cookies = cookies;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null || state.isEmpty()) {
            return null;
        }
        String value = SealedCookies.read(request, cookieName(state));
        return cookies.open(PURPOSE, value, MAX_AGE, Instant.now())
                .map(CookieAuthorizationRequests::parse)
                // the cookie's name is a hash of the state; the state inside must be the callback's too
                .filter(r -> r != null && state.equals(r.getState()))
                .orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
                                         HttpServletResponse response) {
        if (authorizationRequest == null) {
            String state = request.getParameter(OAuth2ParameterNames.STATE);
            if (state != null && !state.isEmpty()) {
                cookies.clear(request, response, cookieName(state), PATH);
            }
            return;
        }
        Stored stored = stored(authorizationRequest);
        // the page to come back to, as it is now: each sign-in keeps its own, so two tabs signing in at once each
        // come back to their own page (the return cookie is one per browser and names the latest)
        CookieRequestCache.savedPath(cookies, request).ifPresent(path -> stored.attributes().put(RETURN_TO, path));
        String sealed = cookies.seal(PURPOSE, JSON.writeValueAsString(stored), Instant.now());
        if (sealed.length() > SealedCookies.MAX_VALUE_CHARS) {
            // never a sign-in that cannot complete for a long page address: it comes back to the start page instead
            stored.attributes().remove(RETURN_TO);
            sealed = cookies.seal(PURPOSE, JSON.writeValueAsString(stored), Instant.now());
        }
        cookies.write(request, response, cookieName(authorizationRequest.getState()), sealed, PATH, MAX_AGE);
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest found = loadAuthorizationRequest(request);
        if (found != null) {
            // the sign-in completing now goes back to the page it was started from, or to the start page
            Object back = found.getAttribute(RETURN_TO);
            request.setAttribute(CookieRequestCache.THIS_SIGN_IN, back instanceof String path ? path : "");
        }
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state != null && !state.isEmpty() && SealedCookies.read(request, cookieName(state)) != null) {
            // spent or unusable: either way it is gone
            cookies.clear(request, response, cookieName(state), PATH);
        }
        return found;
    }

    /** {@code tapdesk_auth_} and 32 hex digits of SHA-256(state): the state itself may hold characters a cookie name may not. */
    static String cookieName(String state) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stored stored(OAuth2AuthorizationRequest r) {
        return new Stored(r.getAuthorizationUri(), r.getClientId(), r.getRedirectUri(), List.copyOf(r.getScopes()),
                r.getState(), strings(r.getAdditionalParameters()), strings(r.getAttributes()));
    }

    private static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /** The request from its JSON, or null when it is not one TapDesk wrote. */
    private static OAuth2AuthorizationRequest parse(String json) {
        try {
            Stored s = JSON.readValue(json, Stored.class);
            if (s.authorizationUri() == null || s.clientId() == null || s.state() == null || s.scopes() == null
                    || s.additionalParameters() == null || s.attributes() == null) {
                return null;
            }
            return OAuth2AuthorizationRequest.authorizationCode()
                    .authorizationUri(s.authorizationUri())
                    .clientId(s.clientId())
                    .redirectUri(s.redirectUri())
                    .scopes(new LinkedHashSet<>(s.scopes()))
                    .state(s.state())
                    .additionalParameters(new LinkedHashMap<>(s.additionalParameters()))
                    .attributes(new LinkedHashMap<>(s.attributes()))
                    .build();
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}
