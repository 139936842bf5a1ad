package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
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

        var sent = approver.postFrom(page, "/approvals/" + id + "/appr%6Fve", WebSession.decision(page, "Manager confirmed"));

        assertThat(sent.statusCode()).isEqualTo(403);
        assertThat(state(id)).isEqualTo("pending");
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

    /** A multi-use pass for Adele asked by Helpdesk: it waits for an approver. */
    private long pendingRequest() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get("/users/" + ADELE.id());
        var sent = helpdesk.postFrom(card, "/users/" + ADELE.id() + "/passes", Map.of("issueToken",
                WebSession.field(card, "issueToken"), "lifetimeMinutes", "60", "ticket", "CHG-" + (System.nanoTime() % 100000),
                "verificationMethod", "manager"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        return Long.parseLong(sent.headers().firstValue("Location").orElseThrow().replaceAll(".*/requests/([0-9]+).*", "$1"));
    }

    private static Map<String, String> issueForm(HttpResponse<String> card) {
        return new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", "INC-1515", "verificationMethod", "callback"));
    }

    private String state(long request) {
        return sql.sql("select state from approval_request where id = ?").param(request).query(String.class).single();
    }
}
