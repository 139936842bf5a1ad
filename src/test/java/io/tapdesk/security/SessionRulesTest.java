package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
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
 * Sessions that end and sign-ins that are recent enough (issue #15 item 1), over real HTTP through the demo identity
 * provider. Time is never waited for: the session rows are moved back in PostgreSQL, and the provider is told to date
 * a sign-in ({@code auth_time}) or its ID token ({@code iat}) earlier.
 */
class SessionRulesTest extends StackTest {

    static final DemoPeople.Person ADELE = DemoPeople.ADELE;

    @Autowired
    JdbcClient sql;

    @AfterEach
    void provider() {
        DemoIdentityProvider.reset();
    }

    @Test
    void aSessionIdleForThirtyMinutesIsSignedOutAndTwentyNineAreFine() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        String id = sessionId(web);
        assertThat(sql.sql("select max_inactive_interval from spring_session where session_id = ?").param(id)
                .query(Integer.class).single()).isEqualTo(30 * 60);

        idle(id, Duration.ofMinutes(29));
        assertThat(firstStep(web, "/")).endsWith("-> 200");

        idle(id, Duration.ofMinutes(31));
        assertThat(firstStep(web, "/")).endsWith("-> 302 Location: " + STACK.appUrl() + "/oauth2/authorization/entra");
    }

    @Test
    void aSessionPastItsAbsoluteLifetimeIsSignedOutHoweverBusyAndItsPostIsToldSo() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        String id = sessionId(web);
        String older = "update spring_session set creation_time = creation_time - ? where session_id = ?";
        sql.sql(older).params(Duration.ofHours(9).toMillis(), id).update();
        var card = web.get("/users/" + ADELE.id());
        assertThat(card.body()).as("9 hours: still signed in").contains("name=\"issueToken\"");

        // busy all along (the last request a moment ago), but the session began 10 h 1 min ago
        sql.sql(older).params(Duration.ofHours(1).plusMinutes(1).toMillis(), id).update();
        var post = web.postFrom(card, "/users/" + ADELE.id() + "/passes", issueForm(card));

        assertSignInEnded(post, "/users/" + ADELE.id());
        assertThat(STACK.graph().state().createAttempts(ADELE.id())).isZero();
        assertThat(sql.sql("select count(*) from spring_session where session_id = ?").param(id).query(Long.class).single())
                .as("the old session is gone").isZero();
        assertThat(firstStep(web, "/")).endsWith("-> 302 Location: " + STACK.appUrl() + "/oauth2/authorization/entra");
    }

    /** The request page's poll, answered ahead of Spring Session, holds the absolute lifetime too. */
    @Test
    void aRequestPagesPollPastTheAbsoluteLifetimeSaysSignedOut() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = pendingRequest(helpdesk);
        assertThat(helpdesk.getJson("/requests/" + id + "/state").statusCode()).isEqualTo(200);

        sql.sql("update spring_session set creation_time = creation_time - ? where session_id = ?")
                .params(Duration.ofHours(10).plusMinutes(1).toMillis(), sessionId(helpdesk)).update();

        var poll = helpdesk.getJson("/requests/" + id + "/state");
        assertThat(poll.statusCode()).isEqualTo(401);
        assertThat(poll.body()).contains("signedOut");
    }

    @Test
    void anOldSignInGoesThroughMaxAgeBeforeTheCardAndThenIssuesOnce() {
        WebSession web = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(61));
        web.signIn(DemoOperators.HELPDESK);
        DemoIdentityProvider.signInsAged(Duration.ZERO);
        int before = web.trail().size();

        var login = web.get("/users/" + ADELE.id());

        assertThat(login.uri().toString()).as("asked for the password again").startsWith(STACK.issuer() + "/login");
        assertThat(web.trail().subList(before, web.trail().size())).anySatisfy(step -> assertThat(step)
                .contains("Location: " + STACK.issuer() + "/oauth2/authorize?").contains("prompt=login").contains("max_age=3600"));
        var card = web.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
        assertThat(card.uri().getPath()).isEqualTo("/users/" + ADELE.id());
        assertThat(card.body()).contains("name=\"issueToken\"");

        var pass = web.postFrom(card, "/users/" + ADELE.id() + "/passes", issueForm(card));
        assertThat(pass.statusCode()).isEqualTo(200);
        assertThat(pass.body()).contains("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(ADELE.id())).isEqualTo(1);
    }

    @Test
    void anOldSignInGoesThroughMaxAgeBeforeTheDecisionAndThenApproves() {
        long id = pendingRequest();
        WebSession approver = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(61));
        approver.signIn(DemoOperators.APPROVER);
        DemoIdentityProvider.signInsAged(Duration.ZERO);

        var login = approver.get("/approvals/" + id);
        assertThat(login.uri().toString()).startsWith(STACK.issuer() + "/login");
        var page = approver.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.APPROVER.username(), "password", DemoOperators.APPROVER.password()));
        assertThat(page.uri().getPath()).isEqualTo("/approvals/" + id);
        assertThat(page.body()).contains("id=\"decide-form\"");

        assertThat(approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "Manager confirmed"))
                .statusCode()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("approved");
    }

    /**
     * A form shown with a recent sign-in may be sent until the sign-in is older than the age plus the idle timeout; a
     * decision sent with an older one (crafted, or a page other tabs kept alive) does nothing and goes to its page,
     * which asks for the new sign-in.
     */
    @Test
    void aDecisionSentWithASignInOlderThanAgePlusIdleDoesNothingAndGoesBackToItsPage() {
        long id = pendingRequest();
        WebSession approver = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(60 + 31));
        approver.signIn(DemoOperators.APPROVER);
        DemoIdentityProvider.signInsAged(Duration.ZERO);
        var home = approver.get("/");

        var sent = approver.postFrom(home, "/approvals/" + id + "/approve", Map.of("reason", "Manager confirmed"));

        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location").orElseThrow()).isEqualTo("/approvals/" + id);
        assertThat(state(id)).isEqualTo("pending");
        assertThat(approver.follow(sent).uri().toString()).startsWith(STACK.issuer() + "/login");
    }

    @Test
    void aProviderThatIgnoresMaxAgeGetsAConfigurationErrorNotALoop() {
        WebSession web = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(61));
        DemoIdentityProvider.ignoreReauthentication(true);
        web.signIn(DemoOperators.HELPDESK);
        int before = web.trail().size();

        var page = web.get("/users/" + ADELE.id());

        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body()).contains("id=\"sign-in-problem-ignored\"").doesNotContain("name=\"issueToken\"");
        assertThat(web.trail().subList(before, web.trail().size()))
                .filteredOn(step -> step.contains("Location: " + STACK.issuer() + "/oauth2/authorize?")).hasSize(1);
        assertThat(web.get("/").body()).as("the rest of TapDesk works").contains("name=\"q\"");
    }

    @Test
    void aSignInWithoutAuthTimeGetsAConfigurationErrorNotALoop() {
        WebSession web = session();
        DemoIdentityProvider.omitAuthTime(true);
        web.signIn(DemoOperators.HELPDESK);
        int before = web.trail().size();

        var card = web.get("/users/" + ADELE.id());

        assertThat(card.statusCode()).isEqualTo(500);
        assertThat(card.body()).contains("id=\"sign-in-problem-missing\"").contains("auth_time")
                .doesNotContain("name=\"issueToken\"");
        assertThat(web.trail().subList(before, web.trail().size())).noneSatisfy(step -> assertThat(step).contains(STACK.issuer()));
        assertThat(web.get("/").body()).contains("name=\"q\"");
    }

    @Test
    void aRoleRemovedInTheProviderStopsTheFirstApprovalOnceTheRolesAreFiveMinutesOld() {
        long id = pendingRequest();
        WebSession approver = session();
        // the roles were read 6 minutes ago (every ID token so far, the refreshes' too, says so)
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        assertThat(page.body()).contains("id=\"decide-form\"");
        DemoIdentityProvider.idTokensAged(Duration.ZERO);

        DemoIdentityProvider.appRoles(DemoOperators.APPROVER.username(), List.of("TapDesk.Helpdesk"));
        // a complete decision form (what the page showed included): only the removed role refuses it
        var refused = approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "Manager confirmed"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(state(id)).isEqualTo("pending");
        assertThat(approver.get("/approvals").statusCode()).as("the new roles stay").isEqualTo(403);
    }

    @Test
    void aRoleRemovedInTheProviderStopsTheExport() {
        WebSession auditor = session();
        DemoIdentityProvider.idTokensAged(Duration.ofMinutes(6));
        auditor.signIn(DemoOperators.AUDITOR);
        var page = auditor.get("/audit/export");
        assertThat(page.statusCode()).isEqualTo(200);
        DemoIdentityProvider.idTokensAged(Duration.ZERO);
        long exports = exports();

        DemoIdentityProvider.appRoles(DemoOperators.AUDITOR.username(), List.of());
        var refused = auditor.postFrom(page, "/audit/export", Map.of());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("operator_upn");
        assertThat(exports()).isEqualTo(exports);
    }

    @Test
    void aPostAfterSignOutInAnotherTabIsToldTheSignInEndedAndComesBackToTheCard() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var card = web.get("/users/" + ADELE.id());
        web.follow(web.postFrom(web.get("/"), "/logout", Map.of()));

        var post = web.postFrom(card, "/users/" + ADELE.id() + "/passes", issueForm(card));

        assertSignInEnded(post, "/users/" + ADELE.id());
        assertThat(post.body()).doesNotContain("does not allow");
        assertThat(STACK.graph().state().createAttempts(ADELE.id())).isZero();
        var login = web.get("/users/" + ADELE.id());
        var back = web.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.HELPDESK.username(), "password", DemoOperators.HELPDESK.password()));
        assertThat(back.uri().getPath()).isEqualTo("/users/" + ADELE.id());
        assertThat(back.body()).contains("name=\"issueToken\"");
    }

    private static void assertSignInEnded(HttpResponse<String> page, String returnTo) {
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("id=\"sign-in-ended-heading\"").contains("nothing was done")
                .contains("id=\"sign-in-and-return\"").contains("href=\"" + returnTo + "\"");
    }

    /** A multi-use pass for Adele asked by Helpdesk: it waits for an approver. */
    private long pendingRequest() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        return pendingRequest(helpdesk);
    }

    /** A multi-use pass for Adele asked by {@code helpdesk} (signed in): it waits for an approver. SessionsAttackTest too. */
    static long pendingRequest(WebSession helpdesk) {
        var card = helpdesk.get("/users/" + ADELE.id());
        var sent = helpdesk.postFrom(card, "/users/" + ADELE.id() + "/passes", Map.of("issueToken",
                WebSession.field(card, "issueToken"), "lifetimeMinutes", "60", "ticket", "CHG-" + (System.nanoTime() % 100000),
                WebSession.CHECKED, "medium"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        return Long.parseLong(sent.headers().firstValue("Location").orElseThrow().replaceAll(".*/requests/([0-9]+).*", "$1"));
    }

    /** A one-time pass's form from {@code card}, with its single-use token. SessionsAttackTest too. */
    static Map<String, String> issueForm(HttpResponse<String> card) {
        return new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", "INC-1515", WebSession.CHECKED, "low"));
    }

    private String state(long request) {
        return sql.sql("select state from approval_request where id = ?").param(request).query(String.class).single();
    }

    private long exports() {
        return sql.sql("select count(*) from audit_event where kind = 'export'").query(Long.class).single();
    }

    private static String sessionId(WebSession web) {
        return new String(Base64.getDecoder().decode(web.cookie("SESSION")));
    }

    private void idle(String sessionId, Duration idle) {
        sql.sql("update spring_session set last_access_time = ? where session_id = ?")
                .params(System.currentTimeMillis() - idle.toMillis(), sessionId).update();
    }

    /** The first answer to GET {@code path}, as the session's trail records it (then redirects are followed). */
    private static String firstStep(WebSession web, String path) {
        int before = web.trail().size();
        web.get(path);
        return web.trail().get(before);
    }
}
