package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;

/**
 * The sign-in's sealed cookies under attack and in two tabs: a changed, foreign, misused or old authorization-request
 * cookie is refused cleanly (the "did not complete" page, no 500, no session) and the sign-in starts over; two
 * sign-ins started in two tabs both complete; the page to come back to is only ever a local path.
 */
class SignInCookiesTest extends StackTest {

    @Autowired
    JdbcClient sql;

    enum Attack { TAMPERED, FOREIGN_KEY, OTHER_PURPOSE, TOO_OLD }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void aCookieTapDeskDidNotSealForThisSignInIsRefusedAndTheSignInStartsOver(Attack attack) {
        long since = System.currentTimeMillis();
        WebSession web = session();
        var login = web.get("/users/" + DemoPeople.ADELE.id());
        assertThat(login.uri().toString()).startsWith(STACK.issuer() + "/login");
        HttpCookie real = authCookie(web);
        SealedCookies ours = new SealedCookies(DemoStack.COOKIE_KEY, false);
        String json = ours.open(CookieAuthorizationRequests.PURPOSE, real.getValue(), Duration.ofMinutes(1), Instant.now()).orElseThrow();
        String forged = switch (attack) {
            case TAMPERED -> flipOneCharacter(real.getValue());
            case FOREIGN_KEY -> new SealedCookies(DemoStack.newKey(), false).seal(CookieAuthorizationRequests.PURPOSE, json, Instant.now());
            case OTHER_PURPOSE -> ours.seal(CookieRequestCache.PURPOSE, json, Instant.now());
            case TOO_OLD -> ours.seal(CookieAuthorizationRequests.PURPOSE, json, Instant.now().minus(Duration.ofMinutes(16)));
        };
        replace(web, real, forged);

        var answer = web.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.uri().toString()).isEqualTo(STACK.appUrl() + "/signed-out?failed");
        assertThat(answer.body()).contains("id=\"sign-in-failed\"").contains("did not complete").contains("id=\"sign-in-link\"");
        assertThat(web.trail()).noneSatisfy(t -> assertThat(t).contains("-> 5"));
        assertThat(sql.sql("select count(*) from spring_session where creation_time >= ?").param(since)
                .query(Long.class).single()).isZero();

        // the page's link starts a new sign-in, which completes (the provider remembers the operator)
        var again = web.get("/");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("name=\"q\"").contains("Hana Helpdesk");
    }

    @Test
    void twoTabsSigningInAtOnceBothComplete() {
        WebSession web = session();
        var tabA = web.get("/users/" + DemoPeople.ADELE.id());
        String authorizeA = web.trail().stream().filter(t -> t.contains("Location: " + STACK.issuer() + "/oauth2/authorize?"))
                .reduce((a, b) -> b).map(t -> t.substring(t.indexOf("Location: ") + 10)).orElseThrow();
        assertThat(tabA.uri().toString()).startsWith(STACK.issuer() + "/login");

        // tab B starts its own sign-in and completes it
        var tabB = web.get("/users/" + DemoPeople.MEGAN.id());
        var inB = web.submit(tabB, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
        assertThat(inB.statusCode()).isEqualTo(200);
        assertThat(inB.uri().toString()).startsWith(STACK.appUrl() + "/users/" + DemoPeople.MEGAN.id());

        // tab A's sign-in, started first, comes back later with its own state: its request is still there
        int before = web.trail().size();
        var inA = web.get(authorizeA);
        assertThat(inA.statusCode()).isEqualTo(200);
        assertThat(web.trail().subList(before, web.trail().size()))
                .anySatisfy(t -> assertThat(t).contains("/login/oauth2/code/entra?code="))
                .noneSatisfy(t -> assertThat(t).contains("signed-out").contains("error"));
        assertThat(inA.body()).contains("Hana Helpdesk");
    }

    @Test
    void afterSignInTheBrowserComesBackToThePageItAskedForOnThePublicUrl() {
        WebSession web = session();
        String page = "/users/" + DemoPeople.ADELE.id() + "?q=%2F%2Fevil.example";
        assertThat(web.getRaw(page).statusCode()).isEqualTo(302);

        var landed = signInFromTheStart(web);

        assertThat(landed.statusCode()).isEqualTo(200);
        assertThat(web.trail()).anySatisfy(t -> assertThat(t).endsWith("Location: " + STACK.appUrl() + page));
        assertThat(landed.uri().toString()).isEqualTo(STACK.appUrl() + page);
    }

    @Test
    void aPostIsNeverThePageToComeBackTo() {
        WebSession web = session();
        web.getRaw("/users/" + DemoPeople.ADELE.id());
        assertThat(web.postRaw("/users/" + DemoPeople.MEGAN.id() + "/passes", Map.of("lifetimeMinutes", "60")).statusCode())
                .isEqualTo(403);

        var landed = signInFromTheStart(web);

        assertThat(landed.uri().toString()).isEqualTo(STACK.appUrl() + "/users/" + DemoPeople.ADELE.id());
    }

    /** Signs in from the sign-in's start, which does not change the page to come back to (WebSession.signIn asks for /). */
    private static java.net.http.HttpResponse<String> signInFromTheStart(WebSession web) {
        var login = web.get("/oauth2/authorization/entra");
        assertThat(login.uri().toString()).startsWith(STACK.issuer() + "/login");
        return web.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
    }

    static HttpCookie authCookie(WebSession web) {
        return web.cookieStore().getCookies().stream().filter(c -> c.getName().startsWith(CookieAuthorizationRequests.PREFIX))
                .reduce((a, b) -> b).orElseThrow();
    }

    static void replace(WebSession web, HttpCookie real, String value) {
        URI app = URI.create(STACK.appUrl());
        web.cookieStore().remove(app, real);
        HttpCookie forged = new HttpCookie(real.getName(), value);
        forged.setPath(real.getPath());
        forged.setVersion(0);
        web.cookieStore().add(app, forged);
    }

    static String flipOneCharacter(String value) {
        int i = value.length() / 2;
        char c = value.charAt(i);
        return value.substring(0, i) + (c == 'A' ? 'B' : 'A') + value.substring(i + 1);
    }
}
