package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.DatabaseScan;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.awaitility.Awaitility;
import io.tapdesk.outbox.Message;
import io.tapdesk.outbox.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tapdesk.demo.graph.StandInOutbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Hand-over (issue 19): the agent chooses the manager on the card; the link reaches the manager (mail through the
 * outbox, Teams from the agent); the manager signs in at the confirmation app and presses "Show the pass": the pass is
 * made then, shown once. Every wrong pickup is a page with its reason, a 4xx and one audit row; two pickups make one pass.
 */
class HandOverTest extends StackTest {

    static final Pattern LINK = Pattern.compile("/confirm/pickup/([A-Za-z0-9_-]{43})");
    static final String ADELE = DemoPeople.ADELE.id();

    @Autowired
    JdbcClient sql;

    @Autowired
    Outbox outbox;

    long auditBefore;

    @BeforeEach
    void baseline() {
        auditBefore = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    /** The agent hands Adele's pass to her manager (Patti) from the card: the result page, 201. */
    HttpResponse<String> handOver(WebSession agent, String personId, String recipient) {
        return handOver(agent, personId, recipient, "INC-1919");
    }

    /** A one-hour, one-time pass handed over to {@code recipient} ({@code manager}, {@code person}) with {@code ticket}. */
    static HttpResponse<String> handOver(WebSession agent, String personId, String recipient, String ticket) {
        return agent.issueFromCard(personId, Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", ticket,
                "recipient", recipient, WebSession.CHECKED, "low"));
    }

    /** The link in the messages the stand-in received (mail through the outbox, or Teams): the newest one. */
    static String link() {
        Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                STACK.graph().state().outbox().all().stream().anyMatch(m -> LINK.matcher(m.body()).find()));
        List<String> tokens = new ArrayList<>();
        STACK.graph().state().outbox().all().forEach(m -> {
            Matcher found = LINK.matcher(m.body());
            while (found.find()) {
                tokens.add(found.group(1));
            }
        });
        return tokens.get(tokens.size() - 1);
    }

    /** A second browser signs in at the confirmation app by opening the link, and lands on it. */
    WebSession opens(DemoOperators.Operator who, String token) {
        WebSession browser = session();
        var page = browser.get("/confirm/pickup/" + token);
        assertThat(page.uri().toString()).as("the confirmation app's own sign-in").startsWith(STACK.issuer() + "/login");
        var back = browser.submit(page, STACK.issuer() + "/login", Map.of("username", who.username(), "password", who.password()));
        assertThat(back.uri().getPath()).isEqualTo("/confirm/pickup/" + token);
        lastPage = back;
        return browser;
    }

    HttpResponse<String> lastPage;

    String state(String token) {
        return sql.sql("""
                        select state from hand_over where encode(sha256(convert_to(?, 'UTF8')), 'hex') in (link_hash, teams_link_hash)""")
                .param(token).query(String.class).single();
    }

    long auditRows(String kind, String outcome) {
        return sql.sql("select count(*) from audit_event where id > ? and kind = ? and outcome = ? and lower(coalesce(target_id, '')) in (lower(?), '')")
                .params(auditBefore, kind, outcome, ADELE).query(Long.class).single();
    }

    /** The link in the newest MAIL the stand-in received for {@code address} (not a Teams message). */
    /** Closes the open hand-overs (one open hand-over per person), so a test can make another for the same person. */
    void revokeOpenHandOvers() {
        sql.sql("update hand_over set state = 'revoked', revoked_at = now(), revoked_by = 'test' where state in ('scheduled', 'sent')")
                .update();
    }

    static String mailedLink(String address) {
        Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                STACK.graph().state().outbox().to(address).stream().anyMatch(m -> m.channel() == StandInOutbox.Channel.MAIL
                        && LINK.matcher(m.body()).find()));
        var mails = STACK.graph().state().outbox().to(address).stream()
                .filter(m -> m.channel() == StandInOutbox.Channel.MAIL && LINK.matcher(m.body()).find()).toList();
        Matcher found = LINK.matcher(mails.get(mails.size() - 1).body());
        assertThat(found.find()).isTrue();
        return found.group(1);
    }

    @Test
    void theMailedLinkIsMadeWhenItIsSent_noTableHoldsIt_andItWorks() {
        STACK.graph().state().nextPassValue("Ml4!sendtime");
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = mailedLink(DemoPeople.PATTI.mail());
        // the outbox's row keeps its placeholder, before and after sending
        awaitOutboxIdle();
        assertThat(sql.sql("select body from outbox_message where kind = 'pickup-link' and person_id = ? order by id desc limit 1")
                .param(ADELE).query(String.class).single()).contains(Message.PICKUP_LINK_PLACEHOLDER).doesNotContain("/confirm/pickup/");
        DatabaseScan.noRowHolds(sql, token, "/confirm/pickup/" + token);

        WebSession patti = opens(DemoOperators.PATTI, token);
        var shown = patti.postFrom(lastPage, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Ml4!sendtime");
        DatabaseScan.noRowHolds(sql, token, "/confirm/pickup/" + token, "Ml4!sendtime");
    }

    /** The outbox has sent everything queued (the test's mail is out, its row final). */
    void awaitOutboxIdle() {
        Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                sql.sql("select count(*) from outbox_message where state = 'queued'").query(Integer.class).single() == 0);
    }

    @Test
    void aRetriedMailMakesANewLinkAndAPickedUpHandOverGetsNoMail() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String first = mailedLink(DemoPeople.PATTI.mail());
        awaitOutboxIdle();
        long id = sql.sql("select id from outbox_message where kind = 'pickup-link' and person_id = ? order by id desc limit 1")
                .param(ADELE).query(Long.class).single();
        // the same row sent again (as a retry would): a new link, the first one void
        sql.sql("update outbox_message set state = 'dead' where id = ?").param(id).update();
        int before = STACK.graph().state().outbox().to(DemoPeople.PATTI.mail()).size();
        assertThat(outbox.sendAgain(id, "test")).isTrue();
        Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                STACK.graph().state().outbox().to(DemoPeople.PATTI.mail()).size() > before);
        String second = mailedLink(DemoPeople.PATTI.mail());
        assertThat(second).isNotEqualTo(first);
        WebSession patti = opens(DemoOperators.PATTI, second);
        var pickupPage = lastPage;
        assertThat(patti.get("/confirm/pickup/" + first).statusCode()).as("the first attempt's link is void").isEqualTo(404);
        assertThat(patti.postFrom(pickupPage, "/confirm/pickup/" + second, Map.of()).statusCode()).isEqualTo(200);
        // picked up: sending the row again makes no link and sends nothing
        awaitOutboxIdle();
        int mails = STACK.graph().state().outbox().to(DemoPeople.PATTI.mail()).size();
        sql.sql("update outbox_message set state = 'dead' where id = ?").param(id).update();
        assertThat(outbox.sendAgain(id, "test")).isTrue();
        Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10)).until(() ->
                "dead".equals(sql.sql("select state from outbox_message where id = ?").param(id).query(String.class).single()));
        assertThat(STACK.graph().state().outbox().to(DemoPeople.PATTI.mail())).hasSize(mails);
    }

    @Test
    void signedInWithTheWrongAccount_signOutInTheHeader_thenTheRightAccountPicksUp() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();
        WebSession browser = opens(DemoOperators.MEGAN, token);
        assertThat(lastPage.statusCode()).isEqualTo(403);
        assertThat(lastPage.body()).contains("id=\"confirm-sign-out\"");

        var signedOut = browser.submit(lastPage, "/confirm/sign-out", Map.of());
        assertThat(signedOut.uri().getPath()).isEqualTo("/confirm/signed-out");
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.body()).contains("id=\"confirm-signed-out-heading\"").doesNotContain("id=\"confirm-sign-out\"");

        // the same browser: the link starts a new sign-in, and Patti picks it up
        var page = browser.get("/confirm/pickup/" + token);
        assertThat(page.uri().toString()).startsWith(STACK.issuer() + "/login");
        page = browser.submit(page, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.PATTI.username(), "password", DemoOperators.PATTI.password()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"pickup-submit\"");
    }

    @Test
    void theManagerPicksThePassUpAndSeesItOnceWhileTheAgentNeverSeesIt() {
        STACK.graph().state().nextPassValue("Hx7!pickup");
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var made = handOver(agent, ADELE, "manager");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(made.body()).contains("id=\"handover-sent\"").contains("Patti Fernandez").doesNotContain("/confirm/pickup/")
                .doesNotContain("Hx7!pickup");
        assertThat(STACK.graph().state().pass(ADELE)).as("nothing exists before the pickup").isEmpty();
        String token = link();
        assertThat(state(token)).isEqualTo("sent");
        assertThat(agent.get("/users/" + ADELE).body()).contains("id=\"handovers\"").contains("Revoke link");

        WebSession patti = opens(DemoOperators.PATTI, token);
        assertThat(lastPage.statusCode()).isEqualTo(200);
        assertThat(lastPage.body()).contains("id=\"pickup-submit\"").contains("INC-1919").doesNotContain("Hx7!pickup");
        var pickupPage = lastPage;
        var shown = patti.postFrom(pickupPage, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Hx7!pickup");
        assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(state(token)).isEqualTo("issued");

        var reload = patti.get("/confirm/pickup/" + token);
        assertThat(reload.statusCode()).isEqualTo(409);
        assertThat(reload.body()).contains("data-key=\"pickup.used\"").doesNotContain("Hx7!pickup");
        var again = patti.postFrom(pickupPage, "/confirm/pickup/" + token, Map.of());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).doesNotContain("Hx7!pickup");
        assertThat(auditRows("handover", "handed-over")).isEqualTo(1);
        assertThat(auditRows("issue", "issued")).isEqualTo(1);
        assertThat(auditRows("pickup", "refused")).as("the reload and the second POST").isEqualTo(2);
    }

    @Test
    void aWrongPickupIsRefusedWithItsReasonAndAudited() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();

        opens(DemoOperators.ALEX, token);
        assertThat(lastPage.statusCode()).as("not the manager").isEqualTo(403);
        assertThat(lastPage.body()).contains("data-key=\"pickup.not-recipient\"");
        opens(DemoOperators.ADELE, token);
        assertThat(lastPage.statusCode()).as("the person herself, for her manager's link").isEqualTo(403);
        WebSession operator = opens(DemoOperators.HELPDESK, token);
        assertThat(lastPage.statusCode()).as("the agent who made it").isEqualTo(403);
        assertThat(lastPage.body()).contains("data-key=\"pickup.operator\"");
        var unknown = operator.get("/confirm/pickup/" + "B".repeat(43));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("data-key=\"pickup.unknown-link\"");
        assertThat(state(token)).as("none of them used it up").isEqualTo("sent");
        assertThat(STACK.graph().state().pass(ADELE)).isEmpty();
        assertThat(auditRows("pickup", "refused")).isEqualTo(4);
        // the audit page says it in words (audit.AuditWords), never the codes
        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);
        String audit = org.unbescape.html.HtmlEscape.unescapeHtml(auditor.get("/audit").body());
        assertThat(audit).contains("Refused at opening the pickup link: signed in as someone other than the recipient.")
                .contains("Refused at opening the pickup link: the operator who made the hand-over.")
                .contains("the pass is made when the manager").doesNotContain("pickup.not-recipient")
                .doesNotContain("pickup refused");

        // expired: the link's time is over
        sql.sql("update hand_over set created_at = created_at - interval '2 hours', link_expires = created_at - interval '1 hour' where encode(sha256(convert_to(?, 'UTF8')), 'hex') in (link_hash, teams_link_hash)")
                .param(token).update();
        opens(DemoOperators.PATTI, token);
        assertThat(lastPage.statusCode()).isEqualTo(410);
        assertThat(lastPage.body()).contains("data-key=\"pickup.expired\"");
        assertThat(state(token)).isEqualTo("expired");
        assertThat(STACK.graph().state().pass(ADELE)).isEmpty();
    }

    @Test
    void aRevokedLinkPicksUpNothingAndAPickedUpOneIsNotRevoked() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();
        long id = sql.sql("select id from hand_over where encode(sha256(convert_to(?, 'UTF8')), 'hex') in (link_hash, teams_link_hash)")
                .param(token).query(Long.class).single();
        WebSession patti = opens(DemoOperators.PATTI, token);
        var pageBefore = lastPage;
        var card = agent.get("/users/" + ADELE);
        var revoked = agent.postFrom(card, "/users/" + ADELE + "/handovers/" + id + "/revoke", Map.of());
        assertThat(revoked.statusCode()).isEqualTo(302);
        String after = org.unbescape.html.HtmlEscape.unescapeHtml(agent.follow(revoked).body());
        assertThat(after).contains("id=\"notice\"").contains("Link revoked: Patti Fernandez can no longer use it.");
        // the line says when it was revoked, not until when its link would have worked; when, by whom, which ticket
        String cardBody = agent.get("/users/" + ADELE).body();
        int at = cardBody.indexOf("id=\"handover-" + id + "\"");
        String line = org.unbescape.html.HtmlEscape.unescapeHtml(cardBody.substring(at, cardBody.indexOf("</li>", at))
                .replaceAll("<[^>]*>", " "));
        assertThat(line).contains("revoked ").doesNotContain("link until").contains("by ").contains("ticket INC-1919");
        assertThat(state(token)).isEqualTo("revoked");
        assertThat(auditRows("handover", "revoked")).isEqualTo(1);
        var posted = patti.postFrom(pageBefore, "/confirm/pickup/" + token, Map.of());
        assertThat(posted.statusCode()).as("the page was open before the revoke").isEqualTo(410);
        assertThat(posted.body()).contains("data-key=\"pickup.revoked\"");
        assertThat(patti.get("/confirm/pickup/" + token).statusCode()).isEqualTo(410);
        assertThat(STACK.graph().state().pass(ADELE)).isEmpty();

        // a new one, picked up: revoking it is refused (409) and audited
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String second = link();
        long secondId = sql.sql("select id from hand_over where encode(sha256(convert_to(?, 'UTF8')), 'hex') in (link_hash, teams_link_hash)")
                .param(second).query(Long.class).single();
        WebSession manager = opens(DemoOperators.PATTI, second);
        assertThat(manager.postFrom(lastPage, "/confirm/pickup/" + second, Map.of()).statusCode()).isEqualTo(200);
        var late = agent.postFrom(agent.get("/users/" + ADELE), "/users/" + ADELE + "/handovers/" + secondId + "/revoke", Map.of());
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("id=\"notice\"");
        assertThat(state(second)).isEqualTo("issued");
        assertThat(auditRows("handover", "refused")).as("the late revoke").isEqualTo(1);
    }

    @Test
    void twoSimultaneousPickupsMakeOnePass() throws Exception {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();
        WebSession first = opens(DemoOperators.PATTI, token);
        var firstPage = lastPage;
        WebSession second = opens(DemoOperators.PATTI, token);
        var secondPage = lastPage;
        int createsBefore = STACK.graph().state().createAttempts(ADELE);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> pickups = List.of(
                () -> { go.await(); return first.postFrom(firstPage, "/confirm/pickup/" + token, Map.of()); },
                () -> { go.await(); return second.postFrom(secondPage, "/confirm/pickup/" + token, Map.of()); });
        var pool = Executors.newFixedThreadPool(2);
        try {
            var futures = pickups.stream().map(pool::submit).toList();
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (var f : futures) {
                answers.add(f.get());
            }
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
            assertThat(answers).filteredOn(a -> a.statusCode() == 409).singleElement()
                    .satisfies(a -> assertThat(a.body()).as("refused by the claim").contains("data-key=\"pickup.used\""));
        } finally {
            pool.shutdownNow();
        }
        assertThat(STACK.graph().state().createAttempts(ADELE) - createsBefore).as("one create reached Graph").isEqualTo(1);
        assertThat(state(token)).isEqualTo("issued");
    }

    @Test
    void thePersonPicksUpTheirOwnPassOnADeviceWhereTheyAreSignedIn() {
        STACK.graph().state().nextPassValue("Own!device1");
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var made = handOver(agent, ADELE, "person");
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(made.body()).contains("Adele Vance").doesNotContain("Own!device1");
        String token = link();
        opens(DemoOperators.PATTI, token);
        assertThat(lastPage.statusCode()).as("her manager, on the person's own link").isEqualTo(403);
        WebSession adele = opens(DemoOperators.ADELE, token);
        assertThat(lastPage.statusCode()).isEqualTo(200);
        var shown = adele.postFrom(lastPage, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Own!device1");
        assertThat(state(token)).isEqualTo("issued");
        // written for her (walk of #19, finding 6): her pass, never told to anyone; not the agent's or a manager's words
        String said = org.unbescape.html.HtmlEscape.unescapeHtml(shown.body());
        assertThat(said).contains("It is your pass: never tell it to anyone").contains("What you do next, on your new device")
                .doesNotContain("Stay on the line").doesNotContain("Give it only to the person");
    }

    @Test
    void theAuditAndTheOutboxNameTheRecipientAndThePerson() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        revokeOpenHandOvers(); // one open hand-over per person
        assertThat(handOver(agent, ADELE, "person").statusCode()).isEqualTo(201);
        mailedLink(DemoPeople.ADELE.mail());
        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);
        String audit = org.unbescape.html.HtmlEscape.unescapeHtml(auditor.get("/audit").body());
        assertThat(audit).contains("the pass is made when the manager, Patti Fernandez (" + DemoPeople.PATTI.mail())
                .contains("the pass is made when the person, Adele Vance (" + DemoPeople.ADELE.userPrincipalName())
                .doesNotContain("the the");
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        String outboxPage = org.unbescape.html.HtmlEscape.unescapeHtml(admin.get("/admin/outbox").body());
        assertThat(outboxPage).contains("for Adele Vance (" + DemoPeople.ADELE.userPrincipalName() + ")");
    }

    @Test
    void theCardAndTheResultTellTheAgentWhatToSay() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        String card = org.unbescape.html.HtmlEscape.unescapeHtml(agent.get("/users/" + ADELE).body());
        assertThat(card).contains("The manager, Patti Fernandez, by a pickup link (mail and Teams)")
                .contains("data-handover-text=\"Send pickup link\"");
        String toManager = org.unbescape.html.HtmlEscape.unescapeHtml(handOver(agent, ADELE, "manager").body());
        assertThat(toManager).contains("Tell Adele Vance: their manager Patti Fernandez gets a link by mail and Teams; "
                + "ask Patti Fernandez to open it and hand them the pass. Nobody from the service desk will ask for it.");
        revokeOpenHandOvers(); // one open hand-over per person
        String toPerson = org.unbescape.html.HtmlEscape.unescapeHtml(handOver(agent, ADELE, "person").body());
        assertThat(toPerson).contains("Tell Adele Vance: open the mail and Teams message on a device where you are still signed in, before ");
    }

    @Test
    void pickupPagesAreWrittenForTheirRecipient() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "person").statusCode()).isEqualTo(201);
        opens(DemoOperators.ADELE, link());
        String person = org.unbescape.html.HtmlEscape.unescapeHtml(lastPage.body());
        assertThat(person).contains("Your Temporary Access Pass").contains("never tell it to anyone")
                .contains("will never ask you for it").contains("I did not ask for this")
                .doesNotContain("to hand over").doesNotContain("until you give it to the person").doesNotContain("{0}");

        revokeOpenHandOvers(); // one open hand-over per person
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        opens(DemoOperators.PATTI, link());
        String manager = org.unbescape.html.HtmlEscape.unescapeHtml(lastPage.body());
        assertThat(manager).contains("Give it to Adele Vance in person, or over a channel you trust")
                .contains("https://mysignins.microsoft.com/security-info").contains("This is not right")
                .contains("A Temporary Access Pass for Adele Vance, to hand over").doesNotContain("{0}");
    }

    @Test
    void iDidNotAskForThis_revokesTheHandOverAndReportsAnIncident() {
        try {
            WebSession agent = session();
            agent.signIn(DemoOperators.HELPDESK);
            assertThat(handOver(agent, ADELE, "person").statusCode()).isEqualTo(201);
            String token = link();
            WebSession adele = opens(DemoOperators.ADELE, token);
            var pickupPage = lastPage;
            var done = adele.postFrom(pickupPage, "/confirm/pickup/" + token + "/not-right", Map.of());
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).contains("id=\"pickup-not-right-done\"");
            assertThat(state(token)).isEqualTo("revoked");
            assertThat(auditRows("handover", "not-right")).isEqualTo(1);
            assertThat(sql.sql("select count(*) from person_fence where lower(person_id) = lower(?) and lifted_at is null")
                    .param(ADELE).query(Integer.class).single()).isEqualTo(1);
            // the link is over: no pass, and no second report
            assertThat(adele.postFrom(pickupPage, "/confirm/pickup/" + token, Map.of()).statusCode()).isEqualTo(410);
            assertThat(adele.postFrom(pickupPage, "/confirm/pickup/" + token + "/not-right", Map.of()).statusCode()).isEqualTo(410);
            assertThat(STACK.graph().state().pass(ADELE)).isEmpty();
        } finally {
            sql.sql("update person_fence set lifted_at = now(), lifted_by_oid = 'test', lifted_reason = 'test end' where lifted_at is null")
                    .update();
        }
    }

    @Test
    void onlyTheRecipientCanSayNotRight() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();
        WebSession megan = opens(DemoOperators.MEGAN, token);
        assertThat(megan.postFrom(lastPage, "/confirm/pickup/" + token + "/not-right", Map.of()).statusCode()).isEqualTo(403);
        assertThat(state(token)).isEqualTo("sent");
        assertThat(sql.sql("select count(*) from person_fence where lower(person_id) = lower(?) and lifted_at is null")
                .param(ADELE).query(Integer.class).single()).isZero();
    }

    @Test
    void anUnknownOutcomeAtPickupIsShownAsOnTheCardAndRecorded() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();
        WebSession patti = opens(DemoOperators.PATTI, token);
        STACK.graph().state().nextValueMissing();
        var answer = patti.postFrom(lastPage, "/confirm/pickup/" + token, Map.of());
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("id=\"pickup-unknown\"").doesNotContain("id=\"tap-value\"");
        assertThat(state(token)).isEqualTo("unknown");
        assertThat(agent.get("/users/" + ADELE).body()).contains("data-state=\"unknown\"");
        assertThat(auditRows("issue", "unknown")).isEqualTo(1);
    }

    @Test
    void aHandOverToAnUnknownRecipientIsA400() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var bad = agent.issueFromCard(ADELE, Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-1921",
                "recipient", "the-attacker", WebSession.CHECKED, "low"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Choose who receives the pass");
    }

    @Test
    void aSecondOpenHandOverForThePersonIsRefusedUntilTheFirstIsRevoked() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        var second = handOver(agent, ADELE, "person");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("already has an open hand-over");
        assertThat(sql.sql("select count(*) from hand_over where lower(person_id) = lower(?) and state in ('scheduled', 'sent')")
                .param(ADELE).query(Integer.class).single()).isEqualTo(1);
        long id = sql.sql("select id from hand_over where lower(person_id) = lower(?) and state = 'sent'").param(ADELE)
                .query(Long.class).single();
        agent.postFrom(agent.get("/users/" + ADELE), "/users/" + ADELE + "/handovers/" + id + "/revoke", Map.of());
        assertThat(handOver(agent, ADELE, "person").statusCode()).as("after the revoke").isEqualTo(201);
    }

    @Test
    void graphRefusingTheAppOnlyCreateAtPickupHasItsOwnMessage() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        assertThat(handOver(agent, ADELE, "manager").statusCode()).isEqualTo(201);
        String token = link();
        WebSession patti = opens(DemoOperators.PATTI, token);
        STACK.graph().state().nextAppOnlyCreateRefused();
        var answer = patti.postFrom(lastPage, "/confirm/pickup/" + token, Map.of());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("data-key=\"pickup.graph-forbidden\"");
        assertThat(state(token)).isEqualTo("failed");
        assertThat(STACK.graph().state().pass(ADELE)).isEmpty();
    }

    @Autowired
    HandingOver handingOver;

    @Test
    void newHiresAreScheduledOnePerPersonAndThoseWithMethodsOrNoManagerAreRefused() {
        var grady = DemoPeople.named("Grady Archie");
        var lee = DemoPeople.named("Lee Gu");
        STACK.graph().state().manager(grady.id(), DemoPeople.PATTI.id());
        var operator = new io.tapdesk.security.Operator(DemoOperators.ADMIN.objectId(), DemoOperators.ADMIN.displayName(),
                "admin@contoso.test", java.util.Set.copyOf(DemoOperators.ADMIN.appRoles()),
                java.util.Set.copyOf(DemoOperators.ADMIN.directoryRoles()));
        var now = tapdesk.demo.DemoClock.shared().instant();
        String batch = java.util.UUID.randomUUID().toString();
        var plans = java.util.List.of(
                new HandingOver.NewHirePlan(grady.id(), now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(3))),
                new HandingOver.NewHirePlan(ADELE, now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(3))),
                new HandingOver.NewHirePlan(lee.id(), now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(3))));
        var outcomes = handingOver.forNewHires(new HandingOver.NewHireBatch(operator, plans, 60, true, batch, "127.0.0.1"));
        assertThat(outcomes).extracting(HandingOver.PlanOutcome::personId).containsExactly(grady.id(), ADELE, lee.id());
        assertThat(outcomes.get(0).scheduled()).as(String.valueOf(outcomes.get(0).refusalKey())).isTrue();
        assertThat(outcomes.get(1).refusalKey()).isEqualTo("onboarding.has-methods");
        assertThat(outcomes.get(2).refusalKey()).as("Lee has methods too, and no manager").startsWith("onboarding.");
        assertThat(sql.sql("select state from hand_over where batch_id = ?::uuid").param(batch).query(String.class).list())
                .containsExactly("scheduled");
        assertThat(sql.sql("select count(*) from audit_event where id > ? and ticket = ?").params(auditBefore, "onboarding " + batch)
                .query(Long.class).single()).as("one audit row per person").isEqualTo(3);
        assertThat(STACK.graph().state().outbox().all()).as("no link before its send time")
                .noneSatisfy(m -> assertThat(m.body()).contains("/confirm/pickup/"));
    }
}
