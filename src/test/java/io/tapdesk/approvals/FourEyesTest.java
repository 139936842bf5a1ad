package io.tapdesk.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.tapdesk.policy.TenantPolicy;
import io.tapdesk.security.Operator;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.unbescape.html.HtmlEscape;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.graph.StandInState;

/**
 * Issue #13's four eyes over HTTP: nobody approves a pass for themselves (statement, queue, page); an approval keeps what
 * the approver saw and goes back to them when the person changed; an approval is spent only by a pass or an unknown
 * outcome; one open request per person and requester, requests counted against the operator's limit, withdraw.
 */
class FourEyesTest extends StackTest {

    @Autowired
    JdbcClient sql;

    @Autowired
    ApprovalStore store;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @Autowired
    TenantPolicy policyCache;

    long before;

    @BeforeEach
    void watermark() {
        before = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    /** Posts a multi-use request from the card (a rule wants a second person); the answer, not followed. */
    static HttpResponse<String> submitMultiUse(WebSession requester, Person person) {
        var card = requester.get("/users/" + person.id());
        Map<String, String> form = new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "ticket", "CHG-" + (System.nanoTime() % 100000), WebSession.CHECKED, "medium"));
        if (card.body().contains("id=\"replace-field\"")) {
            form.put("replace", "true");
            form.put("replacePassId", WebSession.field(card, "replacePassId"));
        }
        return requester.postFrom(card, "/users/" + person.id() + "/passes", form);
    }

    static long idOf(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.replaceAll(".*/requests/([0-9]+).*", "$1"));
    }

    long approved(WebSession helpdesk, Person person) {
        long id = idOf(submitMultiUse(helpdesk, person));
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        assertThat(approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "Manager confirmed")).statusCode())
                .isEqualTo(302);
        return id;
    }

    HttpResponse<String> issue(WebSession helpdesk, long id) {
        var status = helpdesk.get("/requests/" + id);
        return helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
    }

    String state(long id) {
        return sql.sql("select state from approval_request where id = ?").param(id).query(String.class).single();
    }

    List<String> rows(Person person) {
        return sql.sql("select kind || '/' || phase || '/' || outcome from audit_event where target_id = ? and id > ? order by id")
                .params(person.id(), before).query(String.class).list();
    }

    // ------------------------------------------------------------------ 1. nobody approves a pass for themselves

    @Test
    void aPassForTheApproverIsLeftOutOfTheirQueueTheirPageSaysWhyAndTheStatementRefusesIt() {
        var avery = DemoPeople.withId(DemoOperators.APPROVER.objectId());
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, avery));
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);

        assertThat(approver.get("/approvals").body()).doesNotContain("id=\"open-request-" + id + "\"");
        var page = approver.get("/approvals/" + id);
        assertThat(page.body()).contains("id=\"own-account\"").doesNotContain("id=\"decide-form\"");
        // the statement itself, past the service's own check: no row changes
        var self = new Operator(DemoOperators.APPROVER.objectId(), "Avery", "approver@contoso.test", Set.of(), Set.of());
        assertThat(store.decide(id, self, true, "crafted", null, clock.instant())).isFalse();
        assertThat(state(id)).isEqualTo("pending");
    }

    // ------------------------------------------------------------------ 5. the requester sees what the approver sees

    /**
     * The requester's page shows the person as their own sign-in reads them now (privilege, account, current pass),
     * like the decide page, before and after the approval; it changes with the person.
     */
    @Test
    void theRequestPageShowsThePersonsCurrentPassAndPrivilegeNow() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, DemoPeople.MEGAN));
        var pending = helpdesk.get("/requests/" + id);
        assertThat(pending.body()).contains("id=\"person-now\"");
        assertThat(WebSession.text(pending, "now-privilege")).isEqualTo("Not privileged");
        assertThat(WebSession.text(pending, "now-pass")).isEqualTo("Has a working pass");
        assertThat(WebSession.text(pending, "now-account")).isEqualTo("Enabled (Member)");
        // in the page's language, the user type too (phone walk of #13: "(Member)" on the Dutch page)
        helpdesk.submit(pending, "/preferences/language", Map.of("lang", "nl", "returnTo", "/requests/" + id));
        assertThat(WebSession.text(helpdesk.get("/requests/" + id), "now-account")).isEqualTo("Ingeschakeld (Lid)");
        helpdesk.submit(pending, "/preferences/language", Map.of("lang", "en", "returnTo", "/requests/" + id));

        // the pass is revoked meanwhile: the requester's page says so at the next look, approved or not
        STACK.graph().state().delete(DemoPeople.MEGAN.id(), STACK.graph().state().pass(DemoPeople.MEGAN.id()).orElseThrow().id());
        assertThat(WebSession.text(helpdesk.get("/requests/" + id), "now-pass")).isEqualTo("No working pass");

        // the memberships cannot be read now: the page says the privilege is unknown, never "not privileged"
        STACK.graph().state().fail(StandInState.Read.MEMBERSHIPS, 404);
        assertThat(WebSession.text(helpdesk.get("/requests/" + id), "now-privilege"))
                .isEqualTo("Unknown (the memberships could not be read)");
    }

    /**
     * Phone walk of #13: the card names the operator's open request and its button says what it does; an approved
     * request puts the issue button first and says so in the title; a rejected one says what to do next.
     */
    @Test
    void theCardNamesTheOpenRequestAndTheRequestPageLeadsWithTheNextStep() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var before = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        assertThat(before.body()).doesNotContain("id=\"open-request\"");

        long id = idOf(submitMultiUse(helpdesk, DemoPeople.ADELE));
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.body()).contains("id=\"open-request-link\" href=\"/requests/" + id + "\"")
                .contains("You already have request #" + id + " open for this person (Waiting for approval)");

        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var decide = approver.get("/approvals/" + id);
        assertThat(approver.postFrom(decide, "/approvals/" + id + "/approve", WebSession.decision(decide, "Manager confirmed"))
                .statusCode()).isEqualTo(302);
        var approved = helpdesk.get("/requests/" + id);
        assertThat(approved.body()).contains("<title>Request #" + id + " approved: issue the pass now");
        assertThat(approved.body().indexOf("id=\"approved-issue-form\""))
                .as("the issue button comes before the request's facts")
                .isLessThan(approved.body().indexOf("id=\"request-facts\""));
        assertThat(WebSession.text(approved, "request-limits")).startsWith("You may issue");

        helpdesk.submit(approved, "/requests/" + id + "/withdraw", Map.of());
        long second = idOf(submitMultiUse(helpdesk, DemoPeople.ADELE));
        decide = approver.get("/approvals/" + second);
        assertThat(approver.postFrom(decide, "/approvals/" + second + "/reject",
                WebSession.decision(decide, "Caller could not be verified")).statusCode()).isEqualTo(302);
        assertThat(helpdesk.get("/requests/" + second).body()).contains("id=\"rejected-next\"");
    }

    /** The card's button says it asks for approval when the answer line says a pass needs one. */
    @Test
    void theButtonAsksForApprovalWhenTheLineSaysSo() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var alex = helpdesk.get("/users/" + DemoPeople.named("Alex Wilber").id()); // privileged: needs approval
        assertThat(alex.body()).contains("verdict-needs-approval");
        assertThat(WebSession.text(alex, "issue-submit")).isEqualTo("Ask for approval");
        var adele = helpdesk.get("/users/" + DemoPeople.ADELE.id()); // the tests' hours are around the clock
        assertThat(adele.body()).contains("verdict-can");
        assertThat(WebSession.text(adele, "issue-submit")).isEqualTo("Issue pass");
    }

    /** An approval without a reason answers with a summary at the top (focused by the page) and a title that says so. */
    @Test
    void aDecisionWithoutAReasonLeadsWithTheSummary() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, DemoPeople.ADELE));
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        var answer = approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, " x"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("<title>Not decided: Give a reason of 3 to 500 characters.");
        assertThat(answer.body().indexOf("id=\"error-summary\"")).isLessThan(answer.body().indexOf("id=\"request-facts\""));
        assertThat(answer.body()).contains("href=\"#decision-reason\"");
        assertThat(state(id)).isEqualTo("pending");
    }

    /**
     * A decision's reason is counted as its textarea shows it: 500 characters with a line break, sent by the browser
     * as CRLF (501 on the wire), is within the limit, as a revoke's reason is (FreeText); 501 typed is not.
     */
    @Test
    void aDecisionsReasonCountsALineBreakOnce() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, DemoPeople.ADELE));
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);

        var tooLong = approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "a".repeat(501)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        var approved = approver.postFrom(page, "/approvals/" + id + "/approve",
                WebSession.decision(page, "a".repeat(249) + "\r\n" + "b".repeat(250)));
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("approved");
    }

    // ------------------------------------------------------------------ 2. re-checked at issue

    @Test
    void anApprovalForAPersonSinceTurnedGuestGoesBackWithTheDifference() {
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = approved(helpdesk, person);
        assertThat(sql.sql("select seen_user_type || '/' || seen_enabled || '/' || seen_privilege from approval_request where id = ?")
                .param(id).query(String.class).single()).isEqualTo("Member/true/none");
        STACK.graph().state().add(List.of(new Person(person.id(), person.displayName(), person.userPrincipalName(), person.mail(),
                true, "Guest", false, person.jobTitle(), person.department(), false, person.behaviour(), person.pass())));

        var answer = issue(helpdesk, id);

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("User type changed: was Member, now Guest.").doesNotContain("id=\"tap-value\"");
        assertThat(state(id)).isEqualTo("pending");
        assertThat(STACK.graph().state().createAttempts(person.id())).isZero();
        assertThat(rows(person)).contains("request/event/sent-back");
        // approved again, with the person as they are now: it issues
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "Checked the change"));
        assertThat(issue(helpdesk, id).body()).contains("id=\"tap-value\"");
    }

    @Test
    void anApprovalForAPersonMadePrivilegedSinceGoesBack() {
        var person = DemoPeople.named("Alex Wilber"); // in a role-assignable group
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = approved(helpdesk, person);
        assertThat(sql.sql("select seen_privilege from approval_request where id = ?").param(id).query(String.class).single())
                .isEqualTo("group:Tier-0 Helpers");
        // the stand-in's memberships are fixed per person: the approver saw Alex before the group was added
        sql.sql("update approval_request set seen_privilege = 'none' where id = ?").param(id).update();

        var answer = issue(helpdesk, id);

        assertThat(answer.statusCode()).isEqualTo(409);
        // in words, not the stored form (phone walk of #13: "group:Tier-0 Helpers" on the page)
        assertThat(HtmlEscape.unescapeHtml(answer.body()))
                .contains("Privilege changed: was Not privileged, now member of the role-assignable group Tier-0 Helpers.")
                .doesNotContain("group:Tier-0");
        assertThat(state(id)).isEqualTo("pending");
        assertThat(STACK.graph().state().createAttempts(person.id())).isZero();
    }

    @Test
    void anApprovalGoesBackWhenThePassPolicyChanged() {
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = approved(helpdesk, person);
        STACK.graph().state().policy(new StandInState.Policy(true, 60, 240, 60, 8, false));
        policyCache.forget();

        var answer = issue(helpdesk, id);

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("The tenant\u2019s pass policy changed.");
        assertThat(state(id)).isEqualTo("pending");
    }

    // ------------------------------------------------------------------ 3. spent only by a pass or an unknown outcome

    @Test
    void afterA503WithNoNewPassTheApprovalIsStillUsable() {
        var person = DemoPeople.MIRIAM; // 503 on create, nothing made
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = approved(helpdesk, person);

        var answer = issue(helpdesk, id);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("id=\"still-usable\"").contains("id=\"approved-issue-form\"")
                .doesNotContain("id=\"tap-value\"").doesNotContain("id=\"unknown-heading\"");
        assertThat(state(id)).isEqualTo("approved");
        assertThat(rows(person)).containsSubsequence("issue/intent/pending", "issue/outcome/unknown").doesNotContain("request/event/unknown");
        // and it can be used again
        assertThat(issue(helpdesk, id).body()).contains("id=\"still-usable\"");
        assertThat(STACK.graph().state().createAttempts(person.id())).isEqualTo(2);
    }

    @Test
    void afterA504WithANewPassTheApprovalIsSpentAndTheUnknownPageShowsIt() {
        var person = DemoPeople.CHRISTIE; // 504 after the pass was made
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = approved(helpdesk, person);

        var answer = issue(helpdesk, id);

        assertThat(answer.body()).contains("id=\"unknown-heading\"").doesNotContain("id=\"still-usable\"");
        assertThat(state(id)).isEqualTo("issued");
    }

    // ------------------------------------------------------------------ 5. one open request, limits, withdraw

    @Test
    void aSecondSubmitForTheSamePersonShowsTheOpenRequest() {
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long first = idOf(submitMultiUse(helpdesk, person));
        long rowsBefore = sql.sql("select count(*) from approval_request").query(Long.class).single();

        var second = submitMultiUse(helpdesk, person);

        assertThat(idOf(second)).isEqualTo(first);
        assertThat(second.headers().firstValue("Location").orElseThrow()).endsWith("?open");
        assertThat(helpdesk.follow(second).body()).contains("id=\"already-open\"");
        assertThat(sql.sql("select count(*) from approval_request").query(Long.class).single()).isEqualTo(rowsBefore);
        // another requester for the same person has their own
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        assertThat(idOf(submitMultiUse(admin, person))).isNotEqualTo(first);
    }

    @Test
    void theRequesterWithdrawsAnOpenRequestAndOnlyThem() {
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, person));
        WebSession admin = session();
        var adminHome = admin.signIn(DemoOperators.ADMIN);
        assertThat(admin.postFrom(adminHome, "/requests/" + id + "/withdraw", Map.of()).statusCode()).isEqualTo(404);

        var page = helpdesk.get("/requests/" + id);
        assertThat(page.body()).contains("id=\"withdraw-form\"");
        var withdrawn = helpdesk.postFrom(page, "/requests/" + id + "/withdraw", Map.of());

        assertThat(withdrawn.statusCode()).isEqualTo(302);
        assertThat(helpdesk.follow(withdrawn).body()).contains("Withdrawn by the requester").doesNotContain("id=\"withdraw-form\"");
        assertThat(state(id)).isEqualTo("withdrawn");
        assertThat(rows(person)).contains("request/event/withdrawn");
        assertThat(helpdesk.postFrom(page, "/requests/" + id + "/withdraw", Map.of()).statusCode()).isEqualTo(409);
        assertThat(issue(helpdesk, id).statusCode()).isEqualTo(409);
        // gone from the approver's queue, and a new submit makes a new request
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        assertThat(approver.get("/approvals").body()).doesNotContain("id=\"open-request-" + id + "\"");
        assertThat(idOf(submitMultiUse(helpdesk, person))).isNotEqualTo(id);
    }

    @Test
    void requestsCountAgainstTheOperatorsHourlyLimit() {
        var person = DemoPeople.named("Grady Archie");
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        // the shared run's limit is high: spend the helpdesk operator's allowance through Bucket4j itself, then give it back
        var buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource).primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket").clientClock(businessTime()).build();
        var bucket = buckets.builder().build("operator:" + DemoOperators.HELPDESK.objectId(),
                () -> { throw new IllegalStateException("the operator's bucket exists after sign-in and a card"); });
        long rowsBefore = sql.sql("select count(*) from approval_request").query(Long.class).single();
        long taken = 0;
        try {
            assertThat(idOf(submitMultiUse(helpdesk, person))).isPositive(); // one request: the bucket exists now
            sql.sql("update approval_request set state = 'withdrawn' where target_id = ? and state = 'pending'").param(person.id()).update();
            // all that is left, and a debt of about half a minute of refill at the run's 100,000 per hour
            taken = bucket.tryConsumeAsMuchAsPossible() + 1000;
            bucket.consumeIgnoringRateLimits(1000);
            assertThat(bucket.getAvailableTokens()).as("the helpdesk operator's allowance now").isNegative();

            var refused = submitMultiUse(helpdesk, person);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("You have reached your limit of passes per hour");
            assertThat(sql.sql("select count(*) from approval_request").query(Long.class).single()).isEqualTo(rowsBefore + 1);
            assertThat(rows(person)).contains("refused/event/refused");
        } finally {
            bucket.addTokens(taken);
        }
    }

    /**
     * The request page's poll answers the state without extending the sign-in: the session's last access time stays
     * where the last page left it, and once that is older than the idle timeout the poll says signed out, and so does
     * the next page.
     */
    @Test
    void pollingARequestsStateNeverExtendsTheSession() {
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, person));
        var page = helpdesk.get("/requests/" + id);
        assertThat(page.body()).contains("data-poll=\"/requests/" + id + "/state\"");
        String sessionId = new String(Base64.getDecoder().decode(helpdesk.cookie("SESSION")));
        String lastAccess = "select last_access_time from spring_session where session_id = ?";
        long shown = sql.sql(lastAccess).param(sessionId).query(Long.class).single();
        sql.sql("update spring_session set last_access_time = last_access_time - 1000 where session_id = ?").param(sessionId).update();
        long before = shown - 1000;

        for (int i = 0; i < 3; i++) {
            var poll = helpdesk.getJson("/requests/" + id + "/state");
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("{\"state\":\"pending\"}");
            assertThat(poll.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        }
        assertThat(sql.sql(lastAccess).param(sessionId).query(Long.class).single()).as("after three polls").isEqualTo(before);
        // someone else's request, and a page (which does extend it: the measure sees a change)
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        assertThat(admin.getJson("/requests/" + id + "/state").statusCode()).isEqualTo(404);
        helpdesk.get("/requests");
        assertThat(sql.sql(lastAccess).param(sessionId).query(Long.class).single()).as("after a page").isGreaterThan(before);

        // left polling past the idle timeout (30 min): signed out
        sql.sql("update spring_session set last_access_time = last_access_time - ? where session_id = ?")
                .params(Duration.ofMinutes(31).toMillis(), sessionId).update();
        var late = helpdesk.getJson("/requests/" + id + "/state");
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.body()).contains("signedOut");
        helpdesk.get("/requests/" + id);
        assertThat(helpdesk.trail()).as("the next page is sent to sign in")
                .contains("GET " + STACK.appUrl() + "/requests/" + id + " -> 302 Location: " + STACK.appUrl() + "/oauth2/authorization/entra");
    }

    /** The poll's own access rule, over real HTTP (RouteAccessMatrixTest's MockMvc sign-in is no Spring Session). */
    @Test
    void pollingAnswersEveryRoleAsTheRequestPagesDo() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = idOf(submitMultiUse(helpdesk, DemoPeople.ADELE));
        String path = "/requests/" + id + "/state";

        assertThat(session().getJson(path).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(helpdesk.getJson(path).statusCode()).as("the requester").isEqualTo(200);
        assertThat(helpdesk.getJson("/requests/99999999/state").statusCode()).as("no such request").isEqualTo(404);
        for (var other : List.of(DemoOperators.NOROLE, DemoOperators.AUDITOR, DemoOperators.APPROVER, DemoOperators.ADMIN)) {
            WebSession s = session();
            s.signIn(other);
            // Approver also holds Helpdesk in the demo: like Admin, not the requester, so the request is not found
            int expected = other == DemoOperators.NOROLE || other == DemoOperators.AUDITOR ? 403 : 404;
            assertThat(s.getJson(path).statusCode()).as(other.username()).isEqualTo(expected);
        }
    }

    private TimeMeter businessTime() {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
