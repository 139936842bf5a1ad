package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.idp.DemoIdentityProvider;

/**
 * Attack #15: an insider (Helpdesk or Approver, a browser and raw HTTP, no database access) against sessions that end,
 * the sign-in's sealed cookies, the re-authentication before issue and approve and the role re-read. Each test is one
 * attempt and asserts what TapDesk does about it.
 */
class SessionsAttackTest extends StackTest {

    static final DemoPeople.Person ADELE = DemoPeople.ADELE;

    @Autowired
    JdbcClient sql;

    @AfterEach
    void provider() {
        DemoIdentityProvider.reset();
    }

    /**
     * FOUND (high): the role re-read before approve was matched against the raw request URI, while the route rules
     * and Spring MVC match the decoded path. An approver whose role was removed in Entra posted to
     * {@code /approvals/{id}/appr%6Fve} (an encoded {@code o}, which the firewall lets through): no refresh, the stale
     * ID token's roles passed the route rule, and the request was approved. Gains: a removed approver keeps approving
     * for as long as the session lives (up to 10 h), defeating "a removed role stops working within 5 minutes".
     */
    @Test
    void aRemovedApproverCannotApproveThroughAnEncodedPath() {
        long id = pendingRequest();
        WebSession approver = session();
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        assertThat(page.body()).contains("id=\"decide-form\"");
        DemoIdentityProvider.idTokensAged(Duration.ZERO);
        DemoIdentityProvider.appRoles(DemoOperators.APPROVER.username(), List.of("TapDesk.Helpdesk"));

        // other spellings first (none of them refreshes the roles; each must reach nothing), the encoded one last
        for (String spelling : List.of("approve/", "APPROVE", "approve.html", "approve;x=1", "./approve")) {
            var other = approver.postFrom(page, "/approvals/" + id + "/" + spelling, WebSession.decision(page, "Manager confirmed"));
            assertThat(other.statusCode()).as(spelling).isBetween(400, 499);
            assertThat(state(id)).as(spelling).isEqualTo("pending");
        }
        var sent = approver.postFrom(page, "/approvals/" + id + "/appr%6Fve", WebSession.decision(page, "Manager confirmed"));

        assertThat(sent.statusCode()).isEqualTo(403);
        assertThat(state(id)).isEqualTo("pending");
    }

    /** FOUND (high, same cause): an auditor whose role was removed exported the audit trail through {@code /audit/exp%6Frt}. */
    @Test
    void aRemovedAuditorCannotExportThroughAnEncodedPath() {
        WebSession auditor = session();
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        auditor.signIn(DemoOperators.AUDITOR);
        var page = auditor.get("/audit/export");
        assertThat(page.statusCode()).isEqualTo(200);
        DemoIdentityProvider.idTokensAged(Duration.ZERO);
        long exports = sql.sql("select count(*) from audit_event where kind = 'export'").query(Long.class).single();
        DemoIdentityProvider.appRoles(DemoOperators.AUDITOR.username(), List.of());

        var refused = auditor.postFrom(page, "/audit/exp%6Frt", Map.of());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("operator_upn");
        assertThat(sql.sql("select count(*) from audit_event where kind = 'export'").query(Long.class).single()).isEqualTo(exports);
    }

    /**
     * FOUND (high): the sign-in age check before issue was matched against the raw request URI: a Helpdesk operator
     * whose sign-in is hours old (a session other tabs kept alive, an unlocked desk) posted the card's issue form to
     * {@code /users/{id}/p%61sses} and got a pass without the {@code prompt=login}/{@code max_age} re-authentication.
     */
    @Test
    void anOldSignInCannotIssueThroughAnEncodedPath() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var card = web.get("/users/" + ADELE.id());
        assertThat(card.body()).contains("name=\"issueToken\"");
        web.follow(web.postFrom(web.get("/"), "/logout", Map.of()));
        // the same operator, signed in again long ago (an old sign-in that other tabs kept alive)
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(60 + 31));
        web.signIn(DemoOperators.HELPDESK);
        DemoIdentityProvider.signInsAged(Duration.ZERO);
        var home = web.get("/");

        var sent = web.postFrom(home, "/users/" + ADELE.id() + "/p%61sses", issueForm(card));

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location")).hasValue("/users/" + ADELE.id());
        assertThat(sent.body()).doesNotContain("tap-value");
        assertThat(STACK.graph().state().createAttempts(ADELE.id())).isZero();
    }

    /**
     * FOUND (high, same cause): an approver whose sign-in is older than the allowed age approved by posting the
     * decision to {@code /approvals/{id}/%61pprove}, without the {@code max_age} re-authentication.
     */
    @Test
    void anOldSignInCannotApproveThroughAnEncodedPath() {
        long id = pendingRequest();
        // what the decide page shows, read in a fresh sign-in of the same approver (another browser)
        WebSession fresh = session();
        fresh.signIn(DemoOperators.APPROVER);
        var decision = WebSession.decision(fresh.get("/approvals/" + id), "Manager confirmed");
        WebSession approver = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(60 + 31));
        approver.signIn(DemoOperators.APPROVER);
        DemoIdentityProvider.signInsAged(Duration.ZERO);
        var home = approver.get("/");

        var sent = approver.postFrom(home, "/approvals/" + id + "/%61pprove", decision);

        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location")).hasValue("/approvals/" + id);
        assertThat(state(id)).isEqualTo("pending");
    }

    /**
     * FOUND (low) for {@code /oauth2/authorization/nope}: an unknown registration id was answered with a 500 by
     * Spring Security (anyone could fill the error metrics and alerts); now it meets the route rules like any other
     * path. Holds for the rest: anonymous traffic of every odd kind (HEAD, OPTIONS, error and sign-in pages, static files, the OAuth2
     * callback with junk state or an error, a made-up session cookie, a firewall-refused path, actuator) is answered
     * without a 5xx and leaves no session row. (A direct {@code GET /error} answers Boot's 500 page: reported, not here.)
     */
    @Test
    void oddAnonymousTrafficLeavesNoSessionRowAndNoServerError() throws Exception {
        long since = System.currentTimeMillis();
        String card = "/users/" + ADELE.id();
        List<String[]> requests = List.of(
                new String[]{"HEAD", "/"}, new String[]{"OPTIONS", "/"}, new String[]{"OPTIONS", card + "/passes"},
                new String[]{"HEAD", card}, new String[]{"GET", "/sign-in-ended"}, new String[]{"POST", "/sign-in-ended"},
                new String[]{"GET", "/sign-in-problem"}, new String[]{"POST", "/sign-in-problem"},
                new String[]{"GET", "/signed-out?failed"}, new String[]{"GET", "/signed-out"},
                new String[]{"GET", "/css/tapdesk.css"}, new String[]{"GET", "/favicon.ico"},
                new String[]{"GET", "/no-such-page"}, new String[]{"GET", "/login/oauth2/code/entra?code=junk&state=junk"},
                new String[]{"GET", "/login/oauth2/code/entra?error=access_denied&state=junk"},
                new String[]{"GET", "/login/oauth2/code/entra"}, new String[]{"GET", "/oauth2/authorization/entra?reauth"},
                new String[]{"GET", "/oauth2/authorization/nope"}, new String[]{"GET", "/%2F%2Fevil.example"},
                new String[]{"GET", "/actuator/health"}, new String[]{"GET", "/requests/1/state"},
                new String[]{"POST", "/logout"}, new String[]{"POST", card + "/passes"},
                new String[]{"POST", "/approvals/1/appr%6Fve"});
        for (int round = 0; round < 4; round++) {
            for (String[] r : requests) {
                for (String sessionCookie : new String[]{null, "SESSION=bm90LWEtc2Vzc2lvbg==", "SESSION=%%%"}) {
                    var answer = raw(r[0], r[1], sessionCookie);
                    assertThat(answer.statusCode()).as(r[0] + " " + r[1] + " with " + sessionCookie).isBetween(200, 499);
                }
            }
        }

        assertThat(newSessionRows(since)).isZero();
    }

    /**
     * Holds: odd sign-in cookies (malformed base64, a quoted value, sixty made-up authorization cookies, one of them
     * named for the callback's state, a value past the size limit, a header too large for Tomcat) never give a 5xx,
     * and the sign-in that follows still starts on the public URL.
     */
    @Test
    void oddSignInCookiesNeverGiveAServerErrorAndTheSignInStillStarts() throws Exception {
        long since = System.currentTimeMillis();
        StringBuilder many = new StringBuilder("tapdesk_return=%%%not-base64%%%");
        for (int i = 0; i < 60; i++) {
            many.append("; ").append(CookieAuthorizationRequests.PREFIX).append(String.format("%032x", i)).append("=AAAA").append(i);
        }
        String stateCookie = CookieAuthorizationRequests.cookieName("junk");
        List<String> jars = List.of(
                "tapdesk_return=!!!", "tapdesk_return=\"a,b;c\"", many.toString(),
                stateCookie + "=" + "A".repeat(3799), stateCookie + "=" + "A".repeat(3801),
                stateCookie + "=" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                stateCookie + "=" + "_-_-" + "B".repeat(80) + "=",
                "tapdesk_return=" + "x".repeat(9000));
        for (String jar : jars) {
            for (String path : List.of("/", "/users/" + ADELE.id(), "/login/oauth2/code/entra?code=junk&state=junk",
                    "/oauth2/authorization/entra")) {
                var answer = raw("GET", path, jar);
                assertThat(answer.statusCode()).as(path + " with " + jar.substring(0, Math.min(80, jar.length())))
                        .isBetween(200, 499);
            }
            var start = raw("GET", "/", jar);
            if (jar.length() < 8000) {
                assertThat(start.statusCode()).isEqualTo(302);
                assertThat(start.headers().firstValue("Location")).hasValue(STACK.appUrl() + "/oauth2/authorization/entra");
                assertThat(raw("GET", "/login/oauth2/code/entra?code=junk&state=junk", jar).headers().firstValue("Location"))
                        .hasValue(STACK.appUrl() + "/signed-out?failed");
            }
        }

        assertThat(newSessionRows(since)).isZero();
    }

    /**
     * Holds: the "sign in and go back" button of the sign-in-ended page is a local path whatever the POST's path held
     * ({@code @host}, encoded dots and slashes, a scheme, a huge id): never a scheme, never {@code //}, never a
     * backslash.
     */
    @Test
    void theSignInEndedButtonNeverLeavesTapDesk() throws Exception {
        for (String path : List.of("/users/@evil.example/passes", "/users/evil.example:443/passes",
                "/users/https:evil.example/passes", "/users/%2e%2e/passes", "/users/%2F%2Fevil.example/passes",
                "/users/%5Cevil.example/passes", "/users/" + "a".repeat(3000) + "/passes", "/approvals/1/appr%6Fve",
                "/requests/1/issue", "/users/x/passes/revoke", "/audit/export", "/preferences/language")) {
            var answer = raw("POST", path, null);
            assertThat(answer.statusCode()).as(path).isBetween(400, 499);
            var href = java.util.regex.Pattern.compile("id=\"sign-in-and-return\"[^>]*href=\"([^\"]*)\"|href=\"([^\"]*)\"[^>]*id=\"sign-in-and-return\"")
                    .matcher(answer.body());
            if (href.find()) {
                String target = href.group(1) != null ? href.group(1) : href.group(2);
                assertThat(target).as(path).matches("/(?![/\\\\])[A-Za-z0-9/_@.:-]*").doesNotContain("\\").doesNotContain("//");
                assertThat(URI.create(STACK.appUrl() + "/x").resolve(target).getAuthority())
                        .isEqualTo(URI.create(STACK.appUrl()).getAuthority());
            }
        }
        // the page itself for a known form: back to the card
        var ended = raw("POST", "/users/" + ADELE.id() + "/passes", null);
        assertThat(ended.statusCode()).isEqualTo(403);
        assertThat(ended.body()).contains("href=\"/users/" + ADELE.id() + "\"");
    }

    /** One request with no cookie store and no redirect following; {@code cookie}, when given, is the Cookie header. */
    private static HttpResponse<String> raw(String method, String path, String cookie) throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(STACK.appUrl() + path)).header("Accept", "text/html");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        var body = "POST".equals(method)
                ? java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=forged&reason=x")
                : java.net.http.HttpRequest.BodyPublishers.noBody();
        if ("POST".equals(method)) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return HTTP.send(builder.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    private long newSessionRows(long sinceMillis) {
        return sql.sql("select count(*) from spring_session where creation_time >= ?").param(sinceMillis)
                .query(Long.class).single();
    }

    /**
     * Holds: an operator near the end of the absolute lifetime cannot restart it by signing in again inside the same
     * session (the sign-in start while signed in, and the {@code max_age} round trip before the card): the session keeps
     * its creation time across the new sign-in, and is signed out once that is 10 hours ago.
     */
    @Test
    void signingInAgainDoesNotRestartTheAbsoluteLifetime() {
        WebSession web = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(61));
        web.signIn(DemoOperators.HELPDESK);
        DemoIdentityProvider.signInsAged(Duration.ZERO);
        sql.sql("update spring_session set creation_time = creation_time - ? where session_id = ?")
                .params(Duration.ofHours(9).plusMinutes(50).toMillis(), sessionId(web)).update();

        // a plain new sign-in, then the max_age round trip
        var again = web.get("/oauth2/authorization/entra");
        if (again.uri().toString().startsWith(STACK.issuer() + "/login")) {
            web.submit(again, STACK.issuer() + "/login",
                    Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
        }
        var login = web.get("/users/" + ADELE.id());
        assertThat(login.uri().toString()).startsWith(STACK.issuer() + "/login");
        var card = web.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
        assertThat(card.body()).contains("name=\"issueToken\"");

        long created = sql.sql("select creation_time from spring_session where session_id = ?").param(sessionId(web))
                .query(Long.class).single();
        assertThat(System.currentTimeMillis() - created).as("the session's age after two new sign-ins")
                .isGreaterThanOrEqualTo(Duration.ofHours(9).plusMinutes(50).toMillis());

        sql.sql("update spring_session set creation_time = creation_time - ? where session_id = ?")
                .params(Duration.ofMinutes(11).toMillis(), sessionId(web)).update();
        var post = web.postFrom(card, "/users/" + ADELE.id() + "/passes", issueForm(card));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("id=\"sign-in-ended-heading\"");
        assertThat(STACK.graph().state().createAttempts(ADELE.id())).isZero();
    }

    /**
     * Holds: no token reaches a log line. A sign-in, a card (Graph calls with the access token), a role re-read (a
     * refresh) that gives a recent ID token and one whose answer is still old (the sign-in ends), and a sign-out: no access token the
     * stand-in saw, nor its signature part, is in any captured line, stack traces included.
     */
    @Test
    void noTokenReachesALogLineThroughSignInRefreshAndAFailedReRead() {
        long id = pendingRequest();
        WebSession approver = session();
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        DemoIdentityProvider.idTokensAged(Duration.ZERO);
        assertThat(approver.postFrom(page, "/approvals/" + id + "/reject", WebSession.decision(page, "Not confirmed"))
                .statusCode()).as("the re-read kept the role").isEqualTo(302);
        // a re-read whose answer is still old: TapDesk cannot tell, the sign-in ends
        long second = pendingRequest();
        WebSession stale = session();
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        stale.signIn(DemoOperators.APPROVER);
        var other = stale.get("/approvals/" + second);
        var ended = stale.postFrom(other, "/approvals/" + second + "/approve", WebSession.decision(other, "Manager confirmed"));
        assertThat(ended.statusCode()).isEqualTo(403);
        assertThat(ended.body()).contains("id=\"sign-in-ended-heading\"");
        assertThat(state(second)).isEqualTo("pending");
        DemoIdentityProvider.idTokensAged(Duration.ZERO);
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        assertThat(helpdesk.get("/users/" + ADELE.id()).statusCode()).isEqualTo(200);
        helpdesk.follow(helpdesk.postFrom(helpdesk.get("/"), "/logout", Map.of()));

        List<String> tokens = List.copyOf(STACK.graph().state().accessTokens());
        assertThat(tokens).as("the stand-in saw the operators' tokens").isNotEmpty();
        List<String> lines = io.tapdesk.support.CapturedLogs.lines();
        assertThat(lines).as("lines captured").isNotEmpty();
        // a token in a line holds its signature, so looking for the signatures finds both; only a line with a long
        // enough run of base64url characters can hold one (the whole run's log is up to 200,000 lines: one pass over it)
        List<String> signatures = tokens.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).distinct().toList();
        int shortest = signatures.stream().mapToInt(String::length).min().orElseThrow();
        assertThat(shortest).as("signatures are long enough to look for").isGreaterThanOrEqualTo(20);
        java.util.regex.Pattern run = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{" + shortest + ",}");
        List<String> leaked = lines.stream().filter(line -> run.matcher(line).find())
                .filter(line -> signatures.stream().anyMatch(line::contains)).toList();
        assertThat(leaked).as("log lines holding an operator's token or its signature").isEmpty();
    }

    /**
     * FOUND (medium): two tabs signing in at once each come back to their own page. The page to come back to was one
     * cookie per browser, written by the latest page that asked for a sign-in, while the authorization request is one
     * cookie per sign-in: a sign-in started from Adele's card (the session ended, or the {@code max_age} round trip)
     * that completed after another tab had asked for Megan's card landed on Megan's card, issue form and all, where
     * the operator expects Adele's; a pass issued there goes to the wrong person's account. Now each authorization
     * request keeps the page its sign-in started from.
     */
    @Test
    void aSignInComesBackToThePageItStartedFromNotAnotherTabs() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        // the TapDesk session ended; the provider still knows the operator
        var jar = web.cookieStore();
        jar.getCookies().stream().filter(c -> c.getName().equals("SESSION")).toList()
                .forEach(c -> jar.remove(URI.create(STACK.appUrl()), c));
        assertThat(web.getRaw("/users/" + ADELE.id()).statusCode()).isEqualTo(302);
        String authorizeAdele = web.getRaw("/oauth2/authorization/entra").headers().firstValue("Location").orElseThrow();
        assertThat(web.getRaw("/users/" + DemoPeople.MEGAN.id()).statusCode()).isEqualTo(302);
        String authorizeMegan = web.getRaw("/oauth2/authorization/entra").headers().firstValue("Location").orElseThrow();

        var adele = web.get(authorizeAdele);
        assertThat(adele.uri().toString()).isEqualTo(STACK.appUrl() + "/users/" + ADELE.id());
        var megan = web.get(authorizeMegan);
        assertThat(megan.uri().toString()).isEqualTo(STACK.appUrl() + "/users/" + DemoPeople.MEGAN.id());
        // a sign-in started from its own start (no page asked) goes to the start page, not to an older tab's page
        web.getRaw("/users/" + ADELE.id());
        jar.getCookies().stream().filter(c -> c.getName().equals(CookieRequestCache.NAME)).toList()
                .forEach(c -> jar.remove(URI.create(STACK.appUrl()), c));
        String authorizePlain = web.getRaw("/oauth2/authorization/entra").headers().firstValue("Location").orElseThrow();
        assertThat(web.getRaw("/users/" + DemoPeople.MEGAN.id()).statusCode()).as("still signed in").isEqualTo(200);
        assertThat(web.get(authorizePlain).uri().toString()).isEqualTo(STACK.appUrl() + "/");
    }

    /**
     * Holds: a page address as long as TapDesk remembers (a link with a long query, sent to an operator) does not stop
     * the sign-in: it completes and comes back to that page, never to "did not complete" (the authorization request's
     * cookie, which now carries the page, stays within its size limit).
     */
    @Test
    void aLongPageAddressDoesNotBreakTheSignIn() {
        for (int length : new int[]{200, 700, 1000, 1024}) {
            WebSession web = session();
            String start = "/users/" + ADELE.id() + "?q=";
            String page = start + "x".repeat(length - start.length());
            assertThat(web.getRaw(page).statusCode()).isEqualTo(302);
            var login = web.get("/oauth2/authorization/entra");
            assertThat(login.uri().toString()).startsWith(STACK.issuer() + "/login");
            var landed = web.submit(login, STACK.issuer() + "/login",
                    Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
            assertThat(landed.statusCode()).as("length " + length).isEqualTo(200);
            assertThat(landed.uri().toString()).as("length " + length).isEqualTo(STACK.appUrl() + page);
            assertThat(web.trail()).noneSatisfy(t -> assertThat(t).contains("signed-out?failed"));
        }
    }

    /**
     * FOUND (low): withdrawing a request was not among the actions whose roles are read again, so a Helpdesk operator
     * whose role was removed in Entra could still withdraw requests (their own, pending an approver) for the rest of the
     * session. Now withdraw reads the roles again like approve, issue, revoke and export.
     */
    @Test
    void aRemovedHelpdeskCannotWithdrawARequest() {
        long id = pendingRequest();
        // the same operator in another browser, whose roles were read 6 minutes ago
        WebSession helpdesk = session();
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        helpdesk.signIn(DemoOperators.HELPDESK);
        var page = helpdesk.get("/requests/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        DemoIdentityProvider.idTokensAged(Duration.ZERO);
        DemoIdentityProvider.appRoles(DemoOperators.HELPDESK.username(), List.of());

        var refused = helpdesk.postFrom(page, "/requests/" + id + "/withdraw", Map.of());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(state(id)).isEqualTo("pending");
    }

    private static String sessionId(WebSession web) {
        return new String(java.util.Base64.getDecoder().decode(web.cookie("SESSION")));
    }

    /** A multi-use pass for Adele asked by Helpdesk: it waits for an approver. */
    private long pendingRequest() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        return SessionRulesTest.pendingRequest(helpdesk);
    }

    private static Map<String, String> issueForm(HttpResponse<String> card) {
        return SessionRulesTest.issueForm(card);
    }

    private String state(long request) {
        return sql.sql("select state from approval_request where id = ?").param(request).query(String.class).single();
    }
}
