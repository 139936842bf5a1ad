package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tapdesk.security.Operator;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoPeople.Person;

/**
 * A check of the caller is a record TapDesk keeps (issue #17): the issue and the approval request are refused without
 * a usable one of the tier they need, by a crafted POST too; a check allows one action, by its operator, for its
 * person, before it expires; a refusal leaves it usable.
 */
class CallerChecksTest extends StackTest {

    static final Person ALEX = DemoPeople.named("Alex Wilber");
    static final Person GRADY = DemoPeople.named("Grady Archie");

    @Autowired
    JdbcClient sql;

    @Autowired
    CallerChecks checks;

    /** This test's own checks are the ones recorded since it began (the database is shared by the whole run). */
    final java.time.Instant since = tapdesk.demo.DemoClock.shared().instant().minusMillis(1);

    static Map<String, String> oneTime(HttpResponse<String> card, String ticket) {
        return new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", ticket));
    }

    HttpResponse<String> issue(WebSession web, Person person) {
        var card = web.get("/users/" + person.id());
        return web.postFrom(card, "/users/" + person.id() + "/passes", oneTime(card, "INC-4711"));
    }

    HttpResponse<String> record(WebSession web, Person person, Map<String, String> fields) {
        var card = web.get("/users/" + person.id());
        return web.postFrom(card, "/users/" + person.id() + "/caller-checks", fields);
    }

    List<String> states(Person person) {
        return sql.sql("select method || '/' || tier || '/' || coalesce(claimed_by, 'usable') from caller_check "
                        + "where person_id = ? and created_at >= ? order by created_at")
                .params(person.id(), java.sql.Timestamp.from(since)).query(String.class).list();
    }

    @Test
    void anIssueWithoutACheckIsRefusedAndTheCardSaysWhatIsStillNeeded() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        assertThat(WebSession.text(card, "card-verdict")).endsWith("First check who is calling (below).");
        assertThat(WebSession.text(card, "caller-needed")).startsWith("Before a pass: check who is calling");
        assertThat(card.body()).contains("id=\"caller-none\"");

        // the form as the card sent it, and a crafted one without any check: both refused before Graph
        var refused = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", oneTime(card, "INC-4711"));
        var crafted = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes",
                Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-4711", "issueToken",
                        WebSession.field(card, "issueToken"), "verificationMethod", "manager", "checkId", "anything"));

        for (var answer : List.of(refused, crafted)) {
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains("Check who is calling first").doesNotContain("id=\"tap-value\"")
                    .contains("href=\"#caller-check-heading\"");
        }
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
        assertThat(sql.sql("select count(*) from audit_event where kind = 'refused' and target_id = ? and detail = 'caller.needed.low'")
                .param(DemoPeople.ADELE.id()).query(Integer.class).single()).isGreaterThanOrEqualTo(2);
        // the form's token was not spent by the refusal: once the caller is checked, the same form issues
        helpdesk.checkCaller(DemoPeople.ADELE.id());
        var issued = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", oneTime(card, "INC-4711"));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("id=\"tap-value\"");
    }

    @Test
    void aCallBackCountsOnlyToANumberOnFileAndIsOfferedOnlyWithOne() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.body()).contains("id=\"caller-method-callback\"").contains("<option value=\"+31 6 1234 5678\"");

        var caller = record(helpdesk, DemoPeople.ADELE, Map.of("method", "callback", "number", "+31 6 9999 0000"));
        assertThat(caller.statusCode()).isEqualTo(400);
        assertThat(WebSession.text(caller, "caller-error")).contains("never one the caller gives");
        for (Map<String, String> bad : List.of(Map.of("method", "manager"), Map.of("method", "verified-id"),
                Map.<String, String>of(), Map.of("method", "video"), Map.of("method", "in-person", "note", "x".repeat(301)),
                Map.of("method", "video", "note", "bell \u0007"), Map.of("method", "video", "note", "nul \u0000 here"),
                Map.of("method", "in-person", "note", "\u001b[31m red"), Map.of("method", "callback\u0000"))) {
            var answer = record(helpdesk, DemoPeople.ADELE, bad);
            assertThat(answer.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(answer.body()).as(bad.toString()).contains("id=\"caller-error\"").doesNotContain("Exception");
        }
        assertThat(states(DemoPeople.ADELE)).isEmpty();

        var recorded = helpdesk.follow(record(helpdesk, DemoPeople.ADELE, Map.of("method", "callback", "number", "+31 20 555 0101")));
        assertThat(recorded.body()).contains("The check of the caller is recorded");
        assertThat(WebSession.allText(recorded, "caller-checks")).contains("call-back to +31 20 555 0101").contains("low tier");
        assertThat(WebSession.text(recorded, "card-verdict")).doesNotContain("First check who is calling");
        assertThat(states(DemoPeople.ADELE)).containsExactly("callback/low/usable");
        assertThat(sql.sql("select verification_note from audit_event where kind = 'verify' and target_id = ? order by id desc limit 1")
                .param(DemoPeople.ADELE.id()).query(String.class).single()).startsWith("call-back to +31 20 555 0101 [check ");

        // Grady has no number on file: no call-back offered, and a crafted one refused
        var grady = helpdesk.get("/users/" + GRADY.id());
        assertThat(grady.body()).doesNotContain("id=\"caller-method-callback\"").contains("id=\"caller-method-in-person\"");
        var crafted = record(helpdesk, GRADY, Map.of("method", "callback", "number", "+31 6 1234 5678"));
        assertThat(crafted.statusCode()).isEqualTo(400);
        assertThat(WebSession.text(crafted, "caller-error")).contains("No phone number is on file");
    }

    @Test
    void aCheckAllowsOneActionByItsOperatorForItsPerson() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        helpdesk.checkCaller(DemoPeople.ADELE.id());

        // another operator cannot use it, nor can it serve another person
        assertThat(issue(admin, DemoPeople.ADELE).statusCode()).isEqualTo(403);
        assertThat(issue(helpdesk, ALEX).statusCode()).isEqualTo(403);
        assertThat(states(DemoPeople.ADELE)).containsExactly("in-person/low/usable");

        var first = issue(helpdesk, DemoPeople.ADELE);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(states(DemoPeople.ADELE)).containsExactly("in-person/low/issue");
        assertThat(sql.sql("select count(*) from caller_check where person_id = ? and consumed_at is not null and claimed_by = 'issue' "
                + "and created_at >= ?").params(DemoPeople.ADELE.id(), java.sql.Timestamp.from(since)).query(Integer.class).single())
                .isEqualTo(1);

        // consumed: the next pass (a replace) needs a new check
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        Map<String, String> replace = oneTime(card, "INC-4712");
        replace.put("replace", "true");
        replace.put("replacePassId", WebSession.field(card, "replacePassId"));
        var second = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", replace);
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(second.body()).contains("Check who is calling first");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(1);
    }

    @Test
    void anExpiredCheckAllowsNothing() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.checkCaller(DemoPeople.ADELE.id());
        sql.sql("update caller_check set created_at = created_at - interval '16 minutes', expires_at = expires_at - interval '16 minutes' "
                + "where person_id = ? and consumed_at is null").param(DemoPeople.ADELE.id()).update();

        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.body()).contains("id=\"caller-none\"");
        assertThat(issue(helpdesk, DemoPeople.ADELE).statusCode()).isEqualTo(403);
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
    }

    @Test
    void aRefusalAFormErrorOrGraphsRefusalLeavesTheCheckUsable() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.checkCaller(DemoPeople.ADELE.id());
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        Map<String, String> tooShort = oneTime(card, "INC-4711");
        tooShort.put("lifetimeMinutes", "5");
        assertThat(helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", tooShort).statusCode()).isEqualTo(400);
        assertThat(states(DemoPeople.ADELE)).containsExactly("in-person/low/usable");

        // Graph refuses Lynne's create (the tenant's methods policy): nothing made, the check is released
        helpdesk.checkCaller(DemoPeople.LYNNE.id());
        var refused = issue(helpdesk, DemoPeople.LYNNE);
        assertThat(refused.statusCode()).isBetween(400, 499);
        assertThat(refused.body()).doesNotContain("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.LYNNE.id())).isEqualTo(1);
        assertThat(states(DemoPeople.LYNNE)).containsExactly("in-person/low/usable");
    }

    @Test
    void aMultiUsePassNeedsTheManagersConfirmationAndTheApprovedRequestNoSecondCheck() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.checkCaller(DemoPeople.ADELE.id());
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        Map<String, String> multiUse = oneTime(card, "CHG-4711");
        multiUse.remove("oneTime");

        var refused = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", multiUse);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs the manager\u2019s confirmation");
        assertThat(sql.sql("select count(*) from approval_request where target_id = ? and state = 'pending'")
                .param(DemoPeople.ADELE.id()).query(Integer.class).single()).isZero();
        assertThat(states(DemoPeople.ADELE)).containsExactly("in-person/low/usable");

        helpdesk.managerConfirmed(DemoPeople.ADELE.id());
        var stored = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", multiUse);
        assertThat(stored.statusCode()).isEqualTo(302);
        String location = stored.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        // the request consumed the medium check (in its own transaction); the low one is still there for a one-time pass
        assertThat(states(DemoPeople.ADELE)).containsExactly("in-person/low/usable", "manager/medium/request " + id);
        assertThat(sql.sql("select caller_check_id is not null from approval_request where id = ?").param(id)
                .query(Boolean.class).single()).isTrue();

        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var decide = approver.get("/approvals/" + id);
        assertThat(approver.postFrom(decide, "/approvals/" + id + "/approve", WebSession.decision(decide, "Manager confirmed"))
                .statusCode()).isEqualTo(302);
        // the requester issues the approved request without a second check (the low one stays unused)
        var status = helpdesk.get("/requests/" + id);
        var shown = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tap-value\"");
        assertThat(states(DemoPeople.ADELE)).containsExactly("in-person/low/usable", "manager/medium/request " + id);
    }

    @Test
    void aPrivilegedPersonNeedsTheMediumTierAndTheCardSaysSo() {
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        admin.checkCaller(DemoPeople.PATTI.id());
        var card = admin.get("/users/" + DemoPeople.PATTI.id());
        assertThat(WebSession.text(card, "caller-needed")).contains("the manager must confirm who is calling")
                .contains("This person is privileged.");
        assertThat(WebSession.text(card, "card-verdict")).contains("First the manager must confirm who is calling");
    }

    @Test
    void concurrentClaimsOfOneCheckHaveOneWinner() throws Exception {
        Operator agent = new Operator(DemoOperators.HELPDESK.objectId(), "Hana Helpdesk", "helpdesk", java.util.Set.of(), java.util.Set.of());
        CallerCheck check = checks.record(agent, GRADY.id(), "grady.archie@contoso.test", CheckMethod.VIDEO, "video: passport", "127.0.0.1");
        int claimers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<CallerCheck>>> claims = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            claims.add(pool.submit(() -> {
                go.await();
                return checks.claim(agent.objectId(), GRADY.id(), CallerTier.LOW, new CallerCheck.Use("INC-1", 60, true), "issue");
            }));
        }
        go.countDown();
        int won = 0;
        for (var claim : claims) {
            won += claim.get().isPresent() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(checks.usable(agent.objectId(), GRADY.id())).isEmpty();
        checks.release(check.id());
        assertThat(checks.usable(agent.objectId(), GRADY.id())).extracting(CallerCheck::id).containsExactly(check.id());
    }
}
