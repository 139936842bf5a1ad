package io.tapdesk.passes;

import static io.tapdesk.passes.HandOverTest.handOver;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOverProperties;
import io.tapdesk.handover.HandOvers;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Second insider attack on #19, on what came after the first ({@link HandOverAttackTest}): "I did not ask for this" /
 * "This is not right", the confirmation app's sign-out, and issuing an approved hand-over request. Each test is an
 * attack and asserts what must hold; the Javadoc of a test that found something says "FOUND".
 */
class HandOverSecondAttackTest extends StackTest {

    static final String ADELE = DemoPeople.ADELE.id();
    static final DemoPeople.Person ALEX = DemoPeople.named("Alex Wilber");

    @Autowired
    JdbcClient sql;
    @Autowired
    HandOvers handOvers;
    @Autowired
    HandingOver handingOver;
    @Autowired
    HandOverProperties properties;
    @Autowired
    Clock clock;

    long auditBefore;
    HttpResponse<String> lastPage;

    @BeforeEach
    void baseline() {
        auditBefore = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        for (String person : List.of(ADELE, ALEX.id())) {
            handOvers.open(person).forEach(h -> handOvers.revoke(h.id(), "test reset", Instant.now()));
        }
    }

    @AfterEach
    void putBack() {
        ReflectionTestUtils.setField(handingOver, "properties", properties);
        sql.sql("update person_fence set lifted_at = now(), lifted_by_oid = 'test', lifted_reason = 'test end' where lifted_at is null")
                .update();
    }

    // ------------------------------------------------------------------ helpers (as HandOverTest's)

    String madeLink(String recipient, String ticket) {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var made = handOver(agent, ADELE, recipient, ticket);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return HandOverTest.link();
    }

    /** A new browser opens the link and signs in at the confirmation app as {@code who}. */
    WebSession opens(DemoOperators.Operator who, String token) {
        WebSession browser = session();
        var page = browser.get("/confirm/pickup/" + token);
        assertThat(page.uri().toString()).startsWith(STACK.issuer() + "/login");
        lastPage = browser.submit(page, STACK.issuer() + "/login", Map.of("username", who.username(), "password", who.password()));
        return browser;
    }

    HandOver byToken(String token) {
        return handOvers.byToken(token).orElseThrow();
    }

    long audit(String kind, String outcome) {
        return sql.sql("select count(*) from audit_event where id > ? and kind = ? and outcome = ?")
                .params(auditBefore, kind, outcome).query(Long.class).single();
    }

    long fences(String personId) {
        return sql.sql("select count(*) from person_fence where lower(person_id) = lower(?) and lifted_at is null")
                .param(personId).query(Long.class).single();
    }

    // ------------------------------------------------------------------ "I did not ask for this" / "This is not right"

    /**
     * Held: "I did not ask for this" posted without the confirmation page's CSRF token (a page elsewhere, the person's
     * browser signed in): nothing revoked, no incident, no fence, no audit row.
     */
    @Test
    void notRightWithoutCsrfChangesNothing() {
        String token = madeLink("person", "INC-19951");
        WebSession adele = opens(DemoOperators.ADELE, token);
        assertThat(lastPage.body()).contains("id=\"pickup-form\"");
        var forged = adele.postRaw("/confirm/pickup/" + token + "/not-right", Map.of());
        assertThat(forged.statusCode()).isIn(302, 403);
        assertThat(forged.body()).doesNotContain("id=\"pickup-not-right-done\"");
        assertThat(byToken(token).state()).isEqualTo(HandOver.State.SENT);
        assertThat(fences(ADELE)).isZero();
        assertThat(audit("handover", "not-right")).isZero();
        // the real page's form still works afterwards
        var real = adele.postFrom(lastPage, "/confirm/pickup/" + token + "/not-right", Map.of());
        assertThat(real.statusCode()).isEqualTo(200);
        assertThat(fences(ADELE)).isEqualTo(1);
    }

    /**
     * Held: the manager picks the pass up, then presses "This is not right" from the same (stale) page: refused, the
     * picked-up hand-over is not turned into "revoked", no not-right audit row and no fence from a used link.
     */
    @Test
    void notRightAfterPickupIsRefusedAndChangesNothing() {
        String token = madeLink("manager", "INC-19952");
        WebSession patti = opens(DemoOperators.PATTI, token);
        var page = lastPage;
        var shown = patti.postFrom(page, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        HandOver.State after = byToken(token).state();
        assertThat(after).isNotIn(HandOver.State.SENT, HandOver.State.REVOKED);

        var late = patti.postFrom(page, "/confirm/pickup/" + token + "/not-right", Map.of());
        assertThat(late.statusCode()).isBetween(400, 499);
        assertThat(late.body()).doesNotContain("id=\"pickup-not-right-done\"").doesNotContain("Exception");
        assertThat(byToken(token).state()).isEqualTo(after);
        assertThat(audit("handover", "not-right")).isZero();
        assertThat(fences(ADELE)).isZero();
        assertThat(STACK.graph().state().createAttempts(ADELE)).isEqualTo(1);
    }

    /**
     * Held: the person (not the stored recipient) says "This is not right" on a manager's link, and the agent who made
     * it says so in the browser they work in: both refused, the link stays usable for the manager.
     */
    @Test
    void notRightByThePersonOnAManagersLinkOrByTheAgentIsRefused() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager", "INC-19953").statusCode()).isEqualTo(201);
        String token = HandOverTest.link();

        WebSession adele = opens(DemoOperators.ADELE, token);
        var byPerson = adele.postFrom(lastPage, "/confirm/pickup/" + token + "/not-right", Map.of());
        assertThat(byPerson.statusCode()).isEqualTo(403);

        agent.get("/confirm/pickup/" + token); // the confirmation app's silent sign-in, as the agent
        var refusedPage = agent.get("/confirm/pickup/" + token);
        assertThat(refusedPage.statusCode()).isEqualTo(403);
        var byAgent = agent.postFrom(refusedPage, "/confirm/pickup/" + token + "/not-right", Map.of());
        assertThat(byAgent.statusCode()).isEqualTo(403);

        assertThat(byToken(token).state()).isEqualTo(HandOver.State.SENT);
        assertThat(fences(ADELE)).isZero();
        assertThat(audit("handover", "not-right")).isZero();
        WebSession patti = opens(DemoOperators.PATTI, token);
        assertThat(lastPage.body()).contains("id=\"pickup-form\"");
        assertThat(patti.postFrom(lastPage, "/confirm/pickup/" + token, Map.of()).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ confirmation sign-out

    /**
     * FOUND (low): an agent signed in to TapDesk opens a pickup link in the same browser (the confirmation app signs
     * them in silently) and presses the confirmation app's "Sign out": the operator's sign-in stayed, but every form of
     * a TapDesk page already open answered 403 "Your TapDesk role does not allow this" (both chains kept their CSRF
     * token under one session attribute, and the confirmation sign-in and sign-out replace it). Fixed: the confirmation
     * chain keeps its token under its own attribute ({@code NoSessionForCsrf}, {@code SignInWithoutSession#applyTo}).
     */
    @Test
    void confirmationSignOutKeepsTheOperatorsSignInAndTheirOpenForms() {
        String token = madeLink("manager", "INC-19954");
        long id = byToken(token).id();
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var cardBefore = agent.get("/users/" + ADELE);
        assertThat(cardBefore.statusCode()).isEqualTo(200);

        agent.get("/confirm/pickup/" + token);
        var confirmPage = agent.get("/confirm/pickup/" + token);
        assertThat(confirmPage.body()).contains("id=\"confirm-sign-out\"");
        var signedOut = agent.submit(confirmPage, "/confirm/sign-out", Map.of());
        assertThat(signedOut.uri().getPath()).isEqualTo("/confirm/signed-out");

        var card = agent.get("/users/" + ADELE);
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.uri().toString()).doesNotStartWith(STACK.issuer());
        var revoked = agent.postFrom(cardBefore, "/users/" + ADELE + "/handovers/" + id + "/revoke", Map.of());
        assertThat(revoked.statusCode()).as(revoked.body()).isBetween(200, 399);
        assertThat(byToken(token).state()).isEqualTo(HandOver.State.REVOKED);
    }

    /**
     * Held: a sign-out POST without the confirmation page's CSRF token (a page elsewhere logging the manager out) does
     * not sign out; a sign-out with redirect-like parameters ends on TapDesk's own page, never on another origin.
     */
    @Test
    void confirmationSignOutNeedsCsrfAndRedirectsNowhereElse() {
        String token = madeLink("manager", "INC-19955");
        WebSession patti = opens(DemoOperators.PATTI, token);
        assertThat(lastPage.body()).contains("id=\"pickup-form\"");
        var page = lastPage;

        var forged = patti.postRaw("/confirm/sign-out", Map.of());
        assertThat(forged.headers().firstValue("Location").orElse("")).doesNotEndWith("/confirm/signed-out");
        assertThat(patti.get("/confirm/pickup/" + token).body()).as("still signed in").contains("id=\"pickup-form\"");

        String evil = "https://evil.example/x";
        var signedOut = patti.postRaw("/confirm/sign-out?redirect=" + evil + "&continue=" + evil + "&target=" + evil
                + "&post_logout_redirect_uri=" + evil + "&_csrf=" + WebSession.csrf(page), Map.of());
        assertThat(signedOut.statusCode()).isEqualTo(302);
        String location = signedOut.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/confirm/signed-out").doesNotContain("evil");
        var after = patti.get("/confirm/pickup/" + token);
        assertThat(after.uri().toString()).startsWith(STACK.issuer() + "/login");
    }

    // ------------------------------------------------------------------ an approved hand-over request

    void privilegedAllowed(boolean allowed) {
        ReflectionTestUtils.setField(handingOver, "properties", new HandOverProperties(properties.linkExpires(),
                properties.onboardingLinkExpires(), allowed, properties.requiredFor(), properties.longerThanMinutes(),
                properties.teams()));
    }

    long handOversWithTicket(String ticket) {
        return sql.sql("select count(*) from hand_over where ticket = ?").param(ticket).query(Long.class).single();
    }

    /**
     * Held: the requester issues an approved hand-over request with a crafted {@code recipient=caller} (the pass to
     * the caller, shown on the agent's page), then again from a second tab: one hand-over, no pass value on any of the
     * agent's pages, no create at Graph before pickup, and the second issue stores nothing.
     */
    @Test
    void anApprovedHandOverRequestIssuedAsTheCallerAndTwiceMakesOneHandOver() {
        privilegedAllowed(true);
        STACK.graph().state().nextPassValue("Tw1ce!handed");
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var stored = admin.issueFromCard(ALEX.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-19956",
                "recipient", "person", WebSession.CHECKED, "medium"));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(302);
        String id = stored.headers().firstValue("Location").orElseThrow().replaceAll(".*/requests/([0-9]+).*", "$1");
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        approver.get("/approvals/" + id);
        PassLeakTest.approve(approver, id, "Alex confirmed in person");

        var tab1 = admin.get("/requests/" + id);
        var tab2 = admin.get("/requests/" + id);
        var first = admin.postFrom(tab1, "/requests/" + id + "/issue", Map.of("recipient", "caller"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.body()).contains("id=\"handover-sent\"").doesNotContain("id=\"tap-value\"");
        var second = admin.postFrom(tab2, "/requests/" + id + "/issue", Map.of());
        assertThat(second.statusCode()).isNotEqualTo(201);
        assertThat(second.statusCode()).isBetween(300, 499);
        assertThat(handOversWithTicket("INC-19956")).isEqualTo(1);
        assertThat(STACK.graph().state().createAttempts(ALEX.id())).isZero();
        assertThat(admin.responses()).noneSatisfy(r -> assertThat(r.body()).contains("Tw1ce!handed"));
    }

    /**
     * FOUND (medium): an Approver who is the person's manager approved a hand-over request whose recipient is
     * themselves: the requester and one other person (who then holds the pass for someone else's account) made it,
     * while four eyes means the approver is neither the requester, the person, nor the one who gets the pass. Fixed:
     * {@code Approvals.decide} answers OWN_HAND_OVER (403, "approval.error.own-hand-over"); the request stays pending
     * and a second approver can decide.
     */
    @Test
    void theApproverWhoIsTheRecipientManagerCannotApproveTheHandOverToThemselves() {
        privilegedAllowed(true);
        String megan = DemoPeople.named("Megan Bowen").id();
        STACK.graph().state().manager(ALEX.id(), DemoOperators.APPROVER.objectId());
        try {
            WebSession admin = session();
            admin.signIn(DemoOperators.ADMIN);
            var stored = admin.issueFromCard(ALEX.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-19957",
                    "recipient", "manager", WebSession.CHECKED, "medium"));
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(302);
            String id = stored.headers().firstValue("Location").orElseThrow().replaceAll(".*/requests/([0-9]+).*", "$1");
            assertThat(sql.sql("select recipient_id from approval_request where id = ?").param(Long.parseLong(id))
                    .query(String.class).single()).isEqualToIgnoringCase(DemoOperators.APPROVER.objectId());

            WebSession approver = session();
            approver.signIn(DemoOperators.APPROVER);
            var page = approver.get("/approvals/" + id);
            var decided = approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "my own report"));
            assertThat(decided.statusCode()).isEqualTo(403);
            assertThat(decided.body()).contains("id=\"decision-error\"").contains("This hand-over would give the pass to you");
            assertThat(sql.sql("select state from approval_request where id = ?").param(Long.parseLong(id))
                    .query(String.class).single()).isEqualTo("pending");
            assertThat(audit("approve", "approved")).isZero();

            WebSession other = session();
            other.signIn(DemoOperators.APPROVER_TWO);
            PassLeakTest.approve(other, id, "Alex confirmed in person");
            assertThat(sql.sql("select state from approval_request where id = ?").param(Long.parseLong(id))
                    .query(String.class).single()).isEqualTo("approved");
        } finally {
            STACK.graph().state().manager(ALEX.id(), megan);
            sql.sql("update approval_request set state = 'withdrawn' where ticket = 'INC-19957' and state in ('pending', 'approved')").update();
        }
    }

    // ------------------------------------------------------------------ a new hire's pickup window

    /**
     * FOUND (low): a new hire's link opened before its window (the mail comes the day before): "Show the pass" is
     * refused with 425 and claims nothing (held; a service-desk hand-over with the same future start opens at once,
     * held) — but "This is not right" was refused with 425 too, so a manager who never asked for the link could not
     * report it (nor revoke it, nor fence the person) until the window opened, up to a day later. Fixed:
     * {@code HandingOver#precheck} applies the window to the pickup only, and the 425 page offers "not right".
     */
    @Test
    void beforeANewHiresWindowThePickupIsRefusedButNotRightIsTaken() {
        String token = madeLink("manager", "INC-19958");
        long id = byToken(token).id();
        Instant start = clock.instant().plus(Duration.ofHours(3));
        sql.sql("update hand_over set pass_start = ? where id = ?").params(Timestamp.from(start), id).update();
        WebSession patti = opens(DemoOperators.PATTI, token);
        assertThat(lastPage.statusCode()).as("a service-desk hand-over has no window").isEqualTo(200);
        assertThat(lastPage.body()).contains("id=\"pickup-form\"");

        sql.sql("update hand_over set kind = 'onboarding' where id = ?").param(id).update();
        var page = patti.get("/confirm/pickup/" + token);
        assertThat(page.statusCode()).isEqualTo(425);
        assertThat(page.body()).doesNotContain("id=\"pickup-submit\"").contains("id=\"pickup-not-right-form\"");
        var early = patti.postFrom(page, "/confirm/pickup/" + token, Map.of());
        assertThat(early.statusCode()).isEqualTo(425);
        assertThat(early.body()).doesNotContain("id=\"tap-value\"");
        assertThat(byToken(token).state()).isEqualTo(HandOver.State.SENT);
        assertThat(STACK.graph().state().createAttempts(ADELE)).isZero();

        var report = patti.postFrom(page, "/confirm/pickup/" + token + "/not-right", Map.of());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("id=\"pickup-not-right-done\"");
        assertThat(byToken(token).state()).isEqualTo(HandOver.State.REVOKED);
        assertThat(audit("handover", "not-right")).isEqualTo(1);
        assertThat(fences(ADELE)).isEqualTo(1);
        assertThat(STACK.graph().state().createAttempts(ADELE)).isZero();
    }

    // ------------------------------------------------------------------ the link made at send time

    /**
     * Held: the pickup mail of a hand-over revoked after it went out is made a dead letter and an Admin presses "send
     * again" on /admin/outbox: no new link is made (nothing mailed, the row dead again with "no link"), the old link
     * stays revoked, and no body in PostgreSQL holds a link.
     */
    @Test
    void sendAgainOfARevokedHandOversPickupMailMakesNoLink() {
        String token = madeLink("manager", "INC-19959");
        long id = byToken(token).id();
        long row = sql.sql("select id from outbox_message where hand_over_id = ?").param(id).query(Long.class).single();
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                "sent".equals(sql.sql("select state from outbox_message where id = ?").param(row).query(String.class).single()));
        assertThat(handOvers.revoke(id, "test", clock.instant())).isTrue();
        sql.sql("update outbox_message set state = 'dead' where id = ?").param(row).update();
        int mails = STACK.graph().state().outbox().all().size();

        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var page = admin.get("/admin/outbox");
        var again = admin.postFrom(page, "/admin/outbox/" + row + "/send-again", Map.of());
        assertThat(again.statusCode()).isEqualTo(302);
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                sql.sql("select count(*) from outbox_message where id = ? and state = 'dead' and last_error like 'no link%'")
                        .param(row).query(Long.class).single() == 1);
        assertThat(STACK.graph().state().outbox().all()).hasSize(mails);
        assertThat(byToken(token).state()).isEqualTo(HandOver.State.REVOKED);
        assertThat(sql.sql("select count(*) from outbox_message where body like '%/confirm/pickup/%'").query(Long.class).single())
                .isZero();
    }

    /**
     * Held: the requester withdraws an approved hand-over request in one tab and presses "Issue" in another opened
     * before: no hand-over stored, no link mailed, the request stays withdrawn, nothing made at Graph.
     */
    @Test
    void anApprovedHandOverRequestWithdrawnThenIssuedFromAnOldTabMakesNothing() {
        privilegedAllowed(true);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var stored = admin.issueFromCard(ALEX.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-19960",
                "recipient", "person", WebSession.CHECKED, "medium"));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(302);
        String id = stored.headers().firstValue("Location").orElseThrow().replaceAll(".*/requests/([0-9]+).*", "$1");
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        PassLeakTest.approve(approver, id, "Alex confirmed in person");
        assertThat(sql.sql("select state from approval_request where id = ?").param(Long.parseLong(id))
                .query(String.class).single()).isEqualTo("approved");

        var oldTab = admin.get("/requests/" + id);
        var withdrawTab = admin.get("/requests/" + id);
        var withdrawn = admin.postFrom(withdrawTab, "/requests/" + id + "/withdraw", Map.of());
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isBetween(200, 399);
        int mails = STACK.graph().state().outbox().all().size();
        var issued = admin.postFrom(oldTab, "/requests/" + id + "/issue", Map.of());
        assertThat(issued.statusCode()).isNotEqualTo(201);
        assertThat(issued.statusCode()).isBetween(300, 499);
        assertThat(issued.body()).doesNotContain("id=\"handover-sent\"");
        assertThat(handOversWithTicket("INC-19960")).isZero();
        assertThat(sql.sql("select state from approval_request where id = ?").param(Long.parseLong(id))
                .query(String.class).single()).isEqualTo("withdrawn");
        assertThat(STACK.graph().state().outbox().all()).hasSize(mails);
        assertThat(STACK.graph().state().createAttempts(ALEX.id())).isZero();
    }

    /**
     * Held: "Show the pass" and "This is not right" pressed at the same moment (two tabs of the manager): exactly one
     * wins — a pass, no incident and no fence; or a revoked hand-over with its incident and fence, and no pass.
     */
    @Test
    void notRightRacingThePickupEndsOneWay() throws Exception {
        String token = madeLink("manager", "INC-19961");
        WebSession patti = opens(DemoOperators.PATTI, token);
        var page = lastPage;
        var go = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        HttpResponse<String> pickup;
        HttpResponse<String> report;
        try {
            var p = pool.submit(() -> { go.await(); return patti.postFrom(page, "/confirm/pickup/" + token, Map.of()); });
            var r = pool.submit(() -> { go.await(); return patti.postFrom(page, "/confirm/pickup/" + token + "/not-right", Map.of()); });
            go.countDown();
            pickup = p.get();
            report = r.get();
        } finally {
            pool.shutdownNow();
        }
        var state = byToken(token).state();
        if (pickup.statusCode() == 200) {
            assertThat(report.statusCode()).isEqualTo(409);
            assertThat(state).isEqualTo(HandOver.State.ISSUED);
            assertThat(fences(ADELE)).isZero();
            assertThat(audit("handover", "not-right")).isZero();
        } else {
            assertThat(pickup.statusCode()).isIn(409, 410);
            assertThat(pickup.body()).doesNotContain("id=\"tap-value\"");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(state).isEqualTo(HandOver.State.REVOKED);
            assertThat(fences(ADELE)).isEqualTo(1);
            assertThat(audit("handover", "not-right")).isEqualTo(1);
            assertThat(STACK.graph().state().createAttempts(ADELE)).isZero();
        }
    }
}
