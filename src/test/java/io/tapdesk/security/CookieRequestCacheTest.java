package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tapdesk.demo.DemoStack;

/** The page to come back to after sign-in: only a GET's local path, sealed, and always on the public URL. */
class CookieRequestCacheTest {

    static final String PUBLIC = "https://tapdesk.example.org";
    final CookieRequestCache cache = new CookieRequestCache(new SealedCookies(DemoStack.newKey(), true), PUBLIC);

    @Test
    void aGetIsRememberedAndComesBackOnThePublicUrl() {
        var get = new MockHttpServletRequest("GET", "/users/abc");
        get.setQueryString("q=adele&x=%2F%2Fevil");
        get.setServerName("evil.example");
        var response = new MockHttpServletResponse();

        cache.saveRequest(get, response);

        var cookie = response.getCookie(CookieRequestCache.NAME);
        assertThat(cookie).isNotNull();
        assertThat(cookie.getSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getValue()).doesNotContain("users");
        var next = new MockHttpServletRequest("GET", "/login/oauth2/code/entra");
        next.setCookies(cookie);
        assertThat(cache.getRequest(next, new MockHttpServletResponse()).getRedirectUrl())
                .isEqualTo(PUBLIC + "/users/abc?q=adele&x=%2F%2Fevil");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void noOtherMethodIsRemembered(String method) {
        var response = new MockHttpServletResponse();
        var request = new MockHttpServletRequest(method, "/users/abc/passes");
        request.setContent("lifetimeMinutes=60&ticket=INC-1".getBytes());

        cache.saveRequest(request, response);

        assertThat(response.getCookie(CookieRequestCache.NAME)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "/\\\\evil.example", "/a b", "/\u00e9", "/x\r\nSet-Cookie: a=b"})
    void aPathThatCouldLeaveTapDeskOrIsOddIsNotRemembered(String path) {
        var response = new MockHttpServletResponse();

        cache.saveRequest(new MockHttpServletRequest("GET", path), response);

        assertThat(response.getCookie(CookieRequestCache.NAME)).isNull();
    }

    @Test
    void aScriptsCallIsNotRemembered() {
        var request = new MockHttpServletRequest("GET", "/requests/1/state");
        request.addHeader("X-Requested-With", "fetch");
        var response = new MockHttpServletResponse();

        cache.saveRequest(request, response);

        assertThat(response.getCookie(CookieRequestCache.NAME)).isNull();
    }

    @Test
    void aCookieOfAnotherKeyOrChangedIsNoSavedRequest() {
        var other = new CookieRequestCache(new SealedCookies(DemoStack.newKey(), true), PUBLIC);
        var response = new MockHttpServletResponse();
        other.saveRequest(new MockHttpServletRequest("GET", "/users/abc"), response);
        var next = new MockHttpServletRequest("GET", "/");
        next.setCookies(response.getCookie(CookieRequestCache.NAME));

        assertThat(cache.getRequest(next, new MockHttpServletResponse())).isNull();
        assertThat(other.getRequest(next, new MockHttpServletResponse())).isNotNull();
    }
}
