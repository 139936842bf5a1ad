package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tapdesk.audit.AuditLog;
import io.tapdesk.security.Operator;
import io.tapdesk.security.Roles;
import io.tapdesk.support.SettableClock;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoStack;
import tapdesk.demo.idp.DemoIdentityProvider;

/**
 * "This is not right" is an incident (issue 17 item 4): the report fences the person on every path that issues (the
 * card's verdict, a crafted POST, an approved request), is audited and shown in words, tells the Approvers, and only an
 * Admin lifts it, with a reason, once. The manager's page (manager17) calls {@link Incidents#report} the same way.
 */
class IncidentsTest extends StackTest {

    static final DemoPeople.Person PERSON = DemoPeople.ADELE;
    static final Party MANAGER = new Party("7d0c8e35-0a51-4c1e-9c5f-00000000a001", "miriam.manager@contoso.test", "Miriam Manager");
    static final Party ASKED_BY = new Party(DemoOperators.HELPDESK.objectId(), "helpdesk@contoso.test",
            DemoOperators.HELPDESK.displayName());
    static final Operator ADMIN = new Operator(DemoOperators.ADMIN.objectId(), DemoOperators.ADMIN.displayName(),
            "admin@contoso.test", java.util.Set.of(Roles.ADMIN), java.util.Set.of());

    @Autowired
    Incidents incidents;

    @Autowired
    JdbcClient sql;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AuditLog audit;

    @Autowired
    IncidentProperties properties;

    @Autowired
    Clock clock;

    /** Tests outside StackTest share the database (RouteAccessMatrixTest lifts Adele's fence expecting none). */
    @AfterEach
    void liftWhatIsLeft() {
        sql.sql("update person_fence set lifted_at = now(), lifted_by_oid = 'test', lifted_reason = 'test end'"
                + " where lifted_at is null").update();
    }

    long liftedBefore;

    @org.junit.jupiter.api.BeforeEach
    void countLifts() {
        liftedBefore = sql.sql("select count(*) from audit_event where target_id = ? and kind = 'incident' and outcome = 'lifted'"
                + " and operator_oid = ?").params(PERSON.id(), DemoOperators.ADMIN.objectId()).query(Long.class).single();
    }

    Fence report() {
        return incidents.report(MANAGER, new Party(PERSON.id(), PERSON.userPrincipalName(), PERSON.displayName()),
                ASKED_BY, "INC-4711", "203.0.113.9", "I never asked for this; she is on leave.");
    }

    static String cardPath() {
        return "/users/" + PERSON.id();
    }

    /**
     * Walk of #17 (high): the Admin whose own request the manager reported lifted the fence on it. The agent reported
     * does not decide that the report was wrong: another Admin must (403, the fence stays, nothing audited as lifted).
     */
    @Test
    void theAdminWhoseRequestWasReportedCannotLiftTheFence() {
        Party admin = new Party(DemoOperators.ADMIN.objectId(), "admin@contoso.test", "Adam Admin");
        incidents.report(MANAGER, new Party(PERSON.id(), PERSON.userPrincipalName(), PERSON.displayName()), admin,
                "INC-4717", "203.0.113.9", null);
        WebSession adminSession = session();
        adminSession.signIn(DemoOperators.ADMIN);
        var card = adminSession.get(cardPath());
        var refused = adminSession.postFrom(card, cardPath() + "/fence/lift", Map.of("reason", "It was me, all fine"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(WebSession.text(refused, "fence-lift-own")).contains("another TapDesk.Admin must lift this fence");
        assertThat(incidents.active(PERSON.id())).isPresent();
        assertThat(sql.sql("select count(*) from audit_event where target_id = ? and kind = 'incident' and outcome = 'lifted'"
                + " and operator_oid = ?").params(PERSON.id(), DemoOperators.ADMIN.objectId()).query(Long.class).single()
                - liftedBefore).isZero();
    }

    /**
     * Walk of #17 (high): a pass issued minutes before the report may be in the very caller's hands; the fenced card
     * says so and offers the Admin its revoke.
     */
    @Test
    void aFencedCardPointsAtAPassStillUsable() {
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        assertThat(admin.issueFromCard(PERSON.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-4718",
                WebSession.CHECKED, "low")).statusCode()).isEqualTo(200);
        report();
        var card = admin.get(cardPath());
        assertThat(WebSession.allText(card, "fence-live-pass")).contains("still has a usable pass");
        assertThat(card.body()).contains("id=\"fence-revoke-link\"");
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var helpdeskCard = helpdesk.get(cardPath());
        assertThat(helpdeskCard.body()).contains("id=\"fence-live-pass\"").doesNotContain("id=\"fence-revoke-link\"");
    }

    @Test
    void aFencedPersonsCardSaysCannotWithTheReasonInEnglishAndDutch() {
        WebSession helpdesk = session();
        var home = helpdesk.signIn(DemoOperators.HELPDESK);
        assertThat(helpdesk.get(cardPath()).body()).contains("id=\"issue-form\"").doesNotContain("id=\"fence\"");
        Fence fence = report();

        var card = helpdesk.get(cardPath());
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.body()).contains("verdict-cannot").contains("so TapDesk gives this person no new pass until")
                .contains("Miriam Manager (miriam.manager@contoso.test)")
                .doesNotContain("id=\"issue-form\"")
                // Helpdesk sees the fence and its details, and no form to lift it
                .contains("id=\"fence\"").contains("INC-4711").contains("she is on leave").contains("203.0.113.9")
                .contains("id=\"fence-admin-only\"").doesNotContain("id=\"fence-lift-form\"");
        assertThat(fence.until()).isEqualTo(fence.created().plus(properties.fenceFor()));

        var dutch = helpdesk.submit(home, "/preferences/language", Map.of("lang", "nl", "returnTo", cardPath()));
        assertThat(dutch.body()).contains("<html lang=\"nl\"").contains("Daarom geeft TapDesk deze persoon tot")
                .contains("Geen nieuwe pass: de manager zei").doesNotContain("id=\"issue-form\"");
    }

    @Test
    void aCraftedIssuePostForAFencedPersonIsRefused() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get(cardPath()); // its form and token from before the incident
        report();

        var crafted = helpdesk.postFrom(card, cardPath() + "/passes", Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-4712", WebSession.CHECKED, "low"));
        assertThat(crafted.statusCode()).isEqualTo(409);
        assertThat(crafted.body()).contains("so TapDesk gives this person no new pass until").doesNotContain("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(PERSON.id())).isZero();
        assertThat(sql.sql("select count(*) from audit_event where kind = 'refused' and target_id = ? and detail like '%guard.fenced%'")
                .param(PERSON.id()).query(Integer.class).single()).isPositive();
    }

    @Test
    void anApprovedRequestForAFencedPersonIsNotIssued() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get(cardPath());
        // a multi-use pass needs a second person's approval
        var asked = helpdesk.postFrom(card, cardPath() + "/passes", Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "ticket", "CHG-4713", WebSession.CHECKED, "medium"));
        assertThat(asked.statusCode()).isEqualTo(302);
        String location = asked.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var decide = approver.get("/approvals/" + id);
        assertThat(approver.postFrom(decide, "/approvals/" + id + "/approve",
                WebSession.decision(decide, "Manager confirmed by phone")).statusCode()).isEqualTo(302);
        var status = helpdesk.get("/requests/" + id);
        assertThat(status.body()).contains("id=\"approved-issue-form\"");

        report(); // between the approval and the issue
        var issue = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(issue.statusCode()).isEqualTo(409);
        assertThat(issue.body()).contains("so TapDesk gives this person no new pass until").doesNotContain("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(PERSON.id())).isZero();
        // the approval is not spent by a refusal: once an Admin lifts the fence it can be issued
        assertThat(sql.sql("select state from approval_request where id = ?").param(id).query(String.class).single())
                .isEqualTo("approved");
    }

    @Test
    void theIncidentIsAuditedAndTheAuditPageSaysItInWords() {
        Fence fence = report();
        List<String> rows = sql.sql("select kind || '/' || outcome || '/' || operator_oid || '/' || coalesce(ticket, '')"
                        + " from audit_event where target_id = ? and kind = 'incident' and detail like ? order by id")
                .params(PERSON.id(), "%fence until " + fence.until() + "%").query(String.class).list();
        assertThat(rows).containsExactly("incident/fenced/" + MANAGER.id() + "/INC-4711",
                "incident/refused/" + ASKED_BY.id() + "/INC-4711");

        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var page = admin.get("/audit?action=incident");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Incident: \u201cThis is not right\u201d").contains("Fenced: no new pass")
                .contains("No new pass for this person until").contains("The request was made by helpdesk@contoso.test.")
                .contains("Reported as not right by the manager miriam.manager@contoso.test.")
                .contains("she is on leave");
    }

    @Test
    void theApproversQueueAndTheAdminsStartPageShowTheBanner() {
        report();
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var queue = approver.get("/approvals");
        assertThat(queue.body()).contains("id=\"incident-banner\"").contains("Adele Vance (" + PERSON.userPrincipalName() + ")")
                .contains("Miriam Manager (miriam.manager@contoso.test)").contains("No new pass until");
        WebSession admin = session();
        assertThat(admin.signIn(DemoOperators.ADMIN).body()).contains("id=\"incident-banner\"").contains("Adele Vance");
        // Helpdesk's start page carries no banner: it is the Approvers' and Admins' alert
        WebSession helpdesk = session();
        assertThat(helpdesk.signIn(DemoOperators.HELPDESK).body()).doesNotContain("id=\"incident-banner\"");
    }

    @Test
    void anAdminLiftsTheFenceWithAReasonAndTheCardCanIssueAgain() {
        report();
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var card = admin.get(cardPath());
        assertThat(card.body()).contains("id=\"fence-lift-form\"").doesNotContain("id=\"issue-form\"");

        var noReason = admin.postFrom(card, cardPath() + "/fence/lift", Map.of("reason", "  \r\n "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"fence-lift-error\"").contains("Give a reason for lifting the fence");
        assertThat(incidents.active(PERSON.id())).isPresent();

        var lifted = admin.postFrom(card, cardPath() + "/fence/lift", Map.of("reason", "Called her back on file: genuine"));
        assertThat(lifted.statusCode()).isEqualTo(302);
        var after = admin.follow(lifted);
        assertThat(after.body()).contains("The fence is lifted.").contains("id=\"issue-form\"").doesNotContain("id=\"fence\"");
        assertThat(incidents.active(PERSON.id())).isEmpty();
        assertThat(sql.sql("select outcome || '/' || operator_oid || '/' || verification_note from audit_event"
                        + " where target_id = ? and kind = 'incident' order by id desc limit 1")
                .param(PERSON.id()).query(String.class).single())
                .isEqualTo("lifted/" + DemoOperators.ADMIN.objectId() + "/Called her back on file: genuine");

        var shown = admin.issueFromCard(PERSON.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-4714", WebSession.CHECKED, "low"));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tap-value\"");

        var again = admin.postFrom(card, cardPath() + "/fence/lift", Map.of("reason", "once more"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("There is no fence to lift");
    }

    /** As a decision or an issue: a lift sent with a sign-in older than age plus idle does nothing and goes to the card. */
    @Test
    void aLiftSentWithAnOldSignInDoesNothingAndGoesBackToTheCard() {
        report();
        WebSession admin = session();
        DemoIdentityProvider.signInsAged(Duration.ofMinutes(60 + 31));
        try {
            admin.signIn(DemoOperators.ADMIN);
        } finally {
            DemoIdentityProvider.signInsAged(Duration.ZERO);
        }
        var home = admin.get("/");
        var sent = admin.postFrom(home, cardPath() + "/fence/lift", Map.of("reason", "Called back: genuine"));
        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location").orElseThrow()).isEqualTo(cardPath());
        assertThat(incidents.active(PERSON.id())).isPresent();
    }

    @Test
    void helpdeskCannotLiftAFence() {
        report();
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get(cardPath());
        assertThat(helpdesk.postFrom(card, cardPath() + "/fence/lift", Map.of("reason", "I trust the caller")).statusCode())
                .isEqualTo(403);
        assertThat(incidents.active(PERSON.id())).isPresent();
        Operator helpdeskOperator = new Operator(ASKED_BY.id(), ASKED_BY.name(), ASKED_BY.upn(), java.util.Set.of(Roles.HELPDESK),
                java.util.Set.of());
        assertThat(incidents.lift(helpdeskOperator, PERSON.id(), "I trust the caller", null)).isEqualTo(Incidents.Lift.NOT_ADMIN);
        assertThat(incidents.active(PERSON.id())).isPresent();
    }

    @Test
    void twoAdminsLiftingAtOnceLiftItOnce() throws Exception {
        report();
        int before = liftRows();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Incidents.Lift>> lifts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String reason = "genuine, checked " + i;
                lifts.add(pool.submit(() -> {
                    start.await();
                    return incidents.lift(ADMIN, PERSON.id(), reason, "127.0.0.1");
                }));
            }
            start.countDown();
            List<Incidents.Lift> outcomes = new ArrayList<>();
            for (var lift : lifts) {
                outcomes.add(lift.get(10, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsExactlyInAnyOrder(Incidents.Lift.LIFTED, Incidents.Lift.NOT_FENCED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(liftRows()).isEqualTo(before + 1);
    }

    int liftRows() {
        return sql.sql("select count(*) from audit_event where target_id = ? and kind = 'incident' and outcome = 'lifted'")
                .param(PERSON.id()).query(Integer.class).single();
    }

    @Test
    void theFenceEndsByItselfAfterFenceFor() {
        Fence fence = report();
        // the same store on a clock the test moves
        SettableClock moved = SettableClock.at(fence.created());
        Incidents later = new Incidents(sql, transactions, audit, (f, m) -> { }, properties, moved);
        moved.advance(properties.fenceFor().minusSeconds(1));
        assertThat(later.active(PERSON.id())).map(Fence::id).contains(fence.id());
        moved.advance(Duration.ofSeconds(1));
        assertThat(later.active(PERSON.id())).isEmpty();

        // and the card: the incident a whole fence-for ago (moved in the database, as the approval tests age a decision)
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        assertThat(helpdesk.get(cardPath()).body()).doesNotContain("id=\"issue-form\"");
        sql.sql("update person_fence set created_at = created_at - make_interval(secs => ?),"
                        + " until_at = until_at - make_interval(secs => ?) where id = ?")
                .params(properties.fenceFor().toSeconds(), properties.fenceFor().toSeconds(), fence.id()).update();
        var card = helpdesk.get(cardPath());
        assertThat(card.body()).contains("id=\"issue-form\"").doesNotContain("id=\"fence\"");
        // still on the Approvers' banner, as ended
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        assertThat(approver.get("/approvals").body()).contains("id=\"incident-" + fence.id() + "\"").contains("Ended on");
    }

    @Test
    void aFenceThatCannotBeReadRefuses() throws Exception {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get(cardPath());
        // the app role loses its read of the fences: PostgreSQL answers, but TapDesk cannot tell whether Adele is fenced
        try (Connection c = STACK.database().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("revoke select on person_fence from " + DemoStack.APP_ROLE);
            try {
                var refused = helpdesk.get(cardPath());
                assertThat(refused.body()).contains("verdict-cannot").contains("could not check whether this person is fenced")
                        .doesNotContain("id=\"issue-form\"");
                var crafted = helpdesk.postFrom(card, cardPath() + "/passes", Map.of("issueToken", WebSession.field(card, "issueToken"),
                        "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-4715", WebSession.CHECKED, "low"));
                assertThat(crafted.statusCode()).isEqualTo(503);
                assertThat(crafted.body()).doesNotContain("id=\"tap-value\"");
                assertThat(STACK.graph().state().createAttempts(PERSON.id())).isZero();
            } finally {
                s.execute("grant select on person_fence to " + DemoStack.APP_ROLE);
            }
        }
    }

    @Test
    void theApproversMailboxHearsOfEachIncidentWhenConfigured() {
        List<String> told = new ArrayList<>();
        var withMailbox = new IncidentProperties(properties.fenceFor(), "approvers@contoso.test", 7);
        var reporting = new Incidents(sql, transactions, audit, (f, mailbox) -> told.add(f.person().id() + " -> " + mailbox),
                withMailbox, SettableClock.at(clock.instant()));
        reporting.report(MANAGER, new Party(PERSON.id(), PERSON.userPrincipalName(), PERSON.displayName()), ASKED_BY,
                null, null, null);
        assertThat(told).containsExactly(PERSON.id() + " -> approvers@contoso.test");
        var silent = new Incidents(sql, transactions, audit, (f, mailbox) -> told.add("unexpected"), properties,
                SettableClock.at(clock.instant()));
        silent.report(MANAGER, new Party(PERSON.id(), null, null), null, null, null, null);
        assertThat(told).hasSize(1);
    }

    @Autowired
    IncidentAlerts alerts;

    /** The real alert (IncidentConfig): a message for the Approvers' mailbox through the outbox, in English and Dutch. */
    @Test
    void theApproversMessageGoesThroughTheOutboxFromTheSenderMailbox() {
        Fence fence = incidents.report(MANAGER, new Party(PERSON.id(), PERSON.userPrincipalName(), PERSON.displayName()),
                ASKED_BY, "INC-4716", "198.51.100.7", "not her voice");
        alerts.reported(fence, "approvers@contoso.test");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !STACK.graph().state().outbox().to("approvers@contoso.test").isEmpty());
        var sent = STACK.graph().state().outbox().to("approvers@contoso.test").get(0);
        assertThat(sent.subject()).contains("TapDesk incident: no new pass for " + PERSON.userPrincipalName())
                .contains("TapDesk-incident");
        assertThat(sent.body()).contains("answered \"This is not right\"").contains("INC-4716")
                .contains("antwoordde \"Dit klopt niet\"").doesNotContain("not her voice");
    }
}
