package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoPeople;

/**
 * Anonymous traffic leaves no session row (issue 15, item 3): the sign-in's request and the page to return to are
 * sealed cookies, and a POST without a session gets no CSRF token made for it.
 */
class AnonymousTrafficTest extends StackTest {

    @Autowired
    JdbcClient sql;

    @Test
    void aHundredAnonymousRequestsLeaveNoSessionRow() {
        long since = System.currentTimeMillis();
        String card = "/users/" + DemoPeople.ADELE.id();
        for (int i = 0; i < 25; i++) {
            // a fresh visitor each time, as bots and scanners are
            WebSession visitor = session();
            assertThat(status(visitor, "GET", "/")).isEqualTo(302);
            assertThat(status(visitor, "GET", card)).isEqualTo(302);
            assertThat(status(visitor, "POST", card + "/passes")).isEqualTo(403);
            assertThat(status(visitor, "GET", "/oauth2/authorization/entra")).isEqualTo(302);
        }

        assertThat(newSessionRows(since)).isZero();
    }

    @Test
    void theSignInStartLeavesSealedCookiesThatReadAsNothing() {
        long since = System.currentTimeMillis();
        WebSession visitor = session();
        var start = visitor.getRaw("/users/" + DemoPeople.ADELE.id() + "?tab=pass");
        assertThat(start.headers().firstValue("Location")).hasValue(STACK.appUrl() + "/oauth2/authorization/entra");
        var authorize = visitor.getRaw("/oauth2/authorization/entra");
        assertThat(authorize.headers().firstValue("Location").orElseThrow()).startsWith(STACK.issuer() + "/oauth2/authorize");

        HttpCookie back = cookie(visitor, CookieRequestCache.NAME);
        HttpCookie request = visitor.cookieStore().getCookies().stream()
                .filter(c -> c.getName().startsWith(CookieAuthorizationRequests.PREFIX)).findFirst().orElseThrow();
        assertThat(back.isHttpOnly()).isTrue();
        assertThat(request.isHttpOnly()).isTrue();
        assertThat(request.getPath()).isEqualTo(CookieAuthorizationRequests.PATH);
        // sealed: neither the path, the state, the verifier nor the client id can be read from them
        assertThat(back.getValue()).doesNotContain("users").doesNotContain("tab");
        assertThat(request.getValue().length()).as("well inside a browser's 4 KB per cookie").isLessThan(2500);
        assertThat(request.getValue()).doesNotContain("entra").doesNotContain("code_verifier").doesNotContain("tapdesk");
        assertThat(newSessionRows(since)).isZero();
    }

    private int status(WebSession visitor, String method, String path) {
        return "GET".equals(method) ? visitor.getRaw(path).statusCode() : visitor.postRaw(path, Map.of("_csrf", "forged")).statusCode();
    }

    private static HttpCookie cookie(WebSession visitor, String name) {
        return visitor.cookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private long newSessionRows(long sinceMillis) {
        return sql.sql("select count(*) from spring_session where creation_time >= ?").param(sinceMillis)
                .query(Long.class).single();
    }
}
