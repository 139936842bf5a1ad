package io.tapdesk.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Where to go back to after signing in, kept in a sealed cookie ({@link SealedCookies}) instead of a session, so an
 * anonymous request leaves no session row. Only a GET's own path and query are remembered (never a POST or its body,
 * never a host): the redirect after sign-in is {@code tapdesk.public-base-url} followed by that path, so it cannot
 * lead off TapDesk whatever the cookie or the request held.
 */
final class CookieRequestCache implements RequestCache {

    static final String NAME = "tapdesk_return";
    static final String PURPOSE = "saved-request";
    static final Duration MAX_AGE = CookieAuthorizationRequests.MAX_AGE;
    /** A local path: one slash, then no second slash or backslash first; printable ASCII only, no backslash. */
    private static final Pattern LOCAL = Pattern.compile("/(?![/\\\\])[\\x21-\\x5b\\x5d-\\x7e]*");
    private static final int MAX_PATH = 1024;
    /** Request attribute set at the callback: the page the completing sign-in was started from ("" for none). */
    static final String THIS_SIGN_IN = CookieRequestCache.class.getName() + ".thisSignIn";

    private final SealedCookies cookies;
    private final String publicBaseUrl;

    CookieRequestCache(SealedCookies cookies, String publicBaseUrl) {
        this.cookies = cookies;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> path = returnPath(request);
        if (path.isPresent()) {
            cookies.write(request, response, NAME, cookies.seal(PURPOSE, path.get(), Instant.now()), "/", MAX_AGE);
        } else if (SealedCookies.read(request, NAME) != null) {
            // a POST or an odd path leaves nothing to go back to: not an older page either
            cookies.clear(request, response, NAME, "/");
        }
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        // at the sign-in's callback, the page that sign-in was started from ({@link CookieAuthorizationRequests} kept
        // it in its own request), not the cookie: another tab may have started a sign-in from another page since
        if (request.getAttribute(THIS_SIGN_IN) instanceof String path) {
            return isLocal(path) ? new Saved(publicBaseUrl + path) : null;
        }
        return saved(request).map(path -> new Saved(publicBaseUrl + path)).orElse(null);
    }

    /** The page to come back to that {@code request}'s cookie names now, if any: what a sign-in started now keeps. */
    static Optional<String> savedPath(SealedCookies cookies, HttpServletRequest request) {
        return cookies.open(PURPOSE, SealedCookies.read(request, NAME), MAX_AGE, Instant.now()).filter(CookieRequestCache::isLocal);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        // a GET carries nothing to restore; once the page is reached again the cookie has done its work
        if (SealedCookies.read(request, NAME) != null && saved(request).equals(returnPath(request))) {
            cookies.clear(request, response, NAME, "/");
        }
        return null;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        if (SealedCookies.read(request, NAME) != null) {
            cookies.clear(request, response, NAME, "/");
        }
    }

    private Optional<String> saved(HttpServletRequest request) {
        return savedPath(cookies, request);
    }

    /** The request's path and query when it is a page worth coming back to: a GET of a local path, not a script's call. */
    static Optional<String> returnPath(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getHeader("X-Requested-With") != null) {
            return Optional.empty();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        String full = query == null ? path : path + "?" + query;
        return isLocal(full) ? Optional.of(full) : Optional.empty();
    }

    static boolean isLocal(String path) {
        return path.length() <= MAX_PATH && LOCAL.matcher(path).matches();
    }

    /** A remembered GET: only its address matters. */
    private record Saved(String redirectUrl) implements SavedRequest {

        @Override
        public String getRedirectUrl() {
            return redirectUrl;
        }

        @Override
        public List<Cookie> getCookies() {
            return List.of();
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public List<String> getHeaderValues(String name) {
            return List.of();
        }

        @Override
        public Collection<String> getHeaderNames() {
            return List.of();
        }

        @Override
        public List<Locale> getLocales() {
            return List.of();
        }

        @Override
        public String[] getParameterValues(String name) {
            return new String[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }
    }
}
