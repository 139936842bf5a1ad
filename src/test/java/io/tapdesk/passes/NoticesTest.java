package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tapdesk.support.CapturedLogs;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.DemoStack;
import tapdesk.demo.graph.StandInOutbox;

/**
 * A notice after every issue, replace, revoke and unknown create (#17 item 5): one mail per action, app-only from the
 * sender mailbox, to the person, their manager and the security mailbox, in English and Dutch, through the outbox in
 * PostgreSQL, retried when Graph fails for a while and a dead letter when it fails for good.
 */
class NoticesTest extends StackTest {

    static final String SENDER = "tapdesk-notices@contoso.test";
    static final String SECURITY = "security@contoso.test";
    static final String PATTI = DemoPeople.PATTI.mail();
    static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    JdbcClient sql;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    record Row(long id, String kind, String recipients, String state, int attempts, String lastError, String actionId) {
    }

    @Test
    void anIssueSendsOneNoticeToThePersonTheirManagerAndSecurityInBothLanguages() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var shown = issue(web, DemoPeople.ADELE, Map.of());
        assertThat(shown.body()).contains("id=\"tap-value\"");
        String value = WebSession.text(shown, "tap-value");

        StandInOutbox.Sent mail = oneMailTo(DemoPeople.ADELE);

        assertThat(mail.channel()).isEqualTo(StandInOutbox.Channel.MAIL);
        assertThat(mail.from()).isEqualTo(SENDER);
        assertThat(mail.to()).containsExactly(DemoPeople.ADELE.mail(), PATTI, SECURITY);
        assertThat(mail.subject()).isEqualTo("Temporary Access Pass issued for adele.vance@contoso.test"
                + " / Tijdelijke toegangspas uitgegeven voor adele.vance@contoso.test");
        assertThat(mail.body())
                .contains("A Temporary Access Pass was issued for adele.vance@contoso.test by Hana Helpdesk at ")
                .contains(" UTC").contains("for ticket INC-4401. If this was not you (or you did not expect it), call "
                        + "the service desk on +31 20 555 0100.")
                .contains("Er is een tijdelijke toegangspas (Temporary Access Pass) uitgegeven voor adele.vance@contoso.test "
                        + "door Hana Helpdesk op ")
                .contains("voor ticket INC-4401. Was u dit niet (of verwachtte u dit niet), bel dan de servicedesk op +31 20 555 0100.")
                .doesNotContain(value);
        Row row = rowFor(DemoPeople.ADELE);
        assertThat(row.kind()).isEqualTo("notice-issue");
        assertThat(row.state()).isEqualTo("sent");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.recipients()).isEqualTo(String.join("\n", DemoPeople.ADELE.mail(), PATTI, SECURITY));
        // the notice names the audit action it is about
        assertThat(sql.sql("select count(*) from audit_event where action_id = cast(? as uuid) and kind = 'issue'")
                .param(row.actionId()).query(Integer.class).single()).isPositive();
    }

    @Test
    void aReplaceAndARevokeEachSendTheirOwnNotice() {
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        // Megan has a working pass: the new one replaces it
        var shown = issue(admin, DemoPeople.MEGAN, Map.of("replace", "true"));
        assertThat(shown.body()).contains("id=\"tap-value\"");
        StandInOutbox.Sent replaced = oneMailTo(DemoPeople.MEGAN);
        assertThat(replaced.subject()).startsWith("New Temporary Access Pass issued for megan.bowen@contoso.test / ");
        assertThat(replaced.body()).contains("by Adam Admin").contains("replacing the previous one")
                .contains("in plaats van de vorige");
        assertThat(rowFor(DemoPeople.MEGAN).kind()).isEqualTo("notice-replace");

        var confirm = admin.get("/users/" + DemoPeople.MEGAN.id() + "/passes/revoke");
        var done = admin.submit(confirm, "/users/" + DemoPeople.MEGAN.id() + "/passes/revoke",
                Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-4402", "reason", "Caller was not Megan"));
        assertThat(done.body()).contains("The pass was revoked.");

        await().atMost(WAIT).until(() -> STACK.graph().state().outbox().to(DemoPeople.MEGAN.mail()).size() == 2);
        StandInOutbox.Sent revoked = STACK.graph().state().outbox().to(DemoPeople.MEGAN.mail()).get(1);
        assertThat(revoked.to()).containsExactly(DemoPeople.MEGAN.mail(), PATTI, SECURITY);
        assertThat(revoked.subject()).isEqualTo("Temporary Access Pass revoked for megan.bowen@contoso.test"
                + " / Tijdelijke toegangspas ingetrokken voor megan.bowen@contoso.test");
        assertThat(revoked.body()).contains("was revoked by Adam Admin at ").contains("for ticket INC-4402")
                .contains("is ingetrokken door Adam Admin op ");
        assertThat(rows(DemoPeople.MEGAN)).extracting(Row::kind).containsExactly("notice-revoke", "notice-replace");
    }

    @Test
    void aCreateWithAnUnknownOutcomeSaysAPassMayHaveBeenIssued() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var page = issue(web, DemoPeople.DEBRA, Map.of());
        assertThat(page.statusCode()).isEqualTo(504);

        StandInOutbox.Sent mail = oneMailTo(DemoPeople.DEBRA);
        assertThat(mail.subject()).startsWith("A Temporary Access Pass may have been issued for debra.berger@contoso.test");
        assertThat(mail.body()).contains("Microsoft Graph's answer was unclear").contains("Mogelijk is er een tijdelijke toegangspas");
        assertThat(rowFor(DemoPeople.DEBRA).kind()).isEqualTo("notice-unknown");
    }

    @Test
    void aSendGraphRefusesForAWhileIsTriedAgainThenSentOnce() {
        STACK.graph().state().mail().failNext(2, 503);
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var shown = issue(web, DemoPeople.ADELE, Map.of());
        assertThat(shown.body()).as("a notice Graph refuses does not hold up the pass").contains("id=\"tap-value\"");

        oneMailTo(DemoPeople.ADELE);
        Row row = rowFor(DemoPeople.ADELE);
        assertThat(row.state()).isEqualTo("sent");
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(row.lastError()).startsWith("503 BUSY ErrorServiceUnavailable request-id ");
        assertThat(STACK.graph().state().mail().attempts()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aSendThatKeepsFailingIsADeadLetterOnTheAdminPageAndCanBeSentAgain() {
        STACK.graph().state().mail().failNext(1_000, 503);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        issue(admin, DemoPeople.ADELE, Map.of());

        await().atMost(WAIT).until(() -> rows(DemoPeople.ADELE).stream().anyMatch(r -> r.state().equals("dead")));
        Row dead = rowFor(DemoPeople.ADELE);
        // tapdesk.notices.max-attempts is 4 in the tests
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(STACK.graph().state().outbox().to(DemoPeople.ADELE.mail())).isEmpty();
        assertThat(CapturedLogs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("io.tapdesk.outbox.OutboxSending Outbox message " + dead.id() + " is dead after 4 attempts"));
        // a later notice goes out: the page lists it after the older dead letter
        STACK.graph().state().mail().failNext(0, 503);
        issue(admin, DemoPeople.MEGAN, Map.of("replace", "true"));
        oneMailTo(DemoPeople.MEGAN);

        var page = admin.get("/admin/outbox");
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        String rowHtml = body.substring(body.indexOf("id=\"outbox-" + dead.id() + "\""));
        rowHtml = rowHtml.substring(0, rowHtml.indexOf("</tr>"));
        assertThat(rowHtml).contains("data-state=\"dead\"").contains("Dead letter").contains("Notice: pass issued")
                .contains(DemoPeople.ADELE.mail()).contains("503 BUSY ErrorServiceUnavailable").contains(">4<")
                .contains("id=\"send-again-" + dead.id() + "\"");
        assertThat(body.indexOf("id=\"outbox-" + dead.id() + "\"")).as("dead letters first")
                .isLessThan(body.indexOf("id=\"outbox-" + rowFor(DemoPeople.MEGAN).id() + "\""));
        // the list never shows what a message says
        assertThat(body).doesNotContain("Temporary Access Pass was issued").doesNotContain("servicedesk");

        var again = admin.submit(page, "/admin/outbox/" + dead.id() + "/send-again", Map.of());
        assertThat(again.body()).contains("The message was queued again.");
        oneMailTo(DemoPeople.ADELE);
        assertThat(rowFor(DemoPeople.ADELE).state()).isEqualTo("sent");

        var notDead = admin.postFrom(page, "/admin/outbox/" + dead.id() + "/send-again", Map.of());
        assertThat(notDead.statusCode()).as("a sent message is not sent again").isEqualTo(404);
        assertThat(notDead.body()).contains("id=\"outbox-not-dead\"");
    }

    @Test
    void aSenderMailboxThatDoesNotExistMakesADeadLetterAtOnce() {
        STACK.graph().state().mail().mailboxMissing(SENDER);
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        issue(web, DemoPeople.ADELE, Map.of());

        await().atMost(WAIT).until(() -> rows(DemoPeople.ADELE).stream().anyMatch(r -> r.state().equals("dead")));
        Row dead = rowFor(DemoPeople.ADELE);
        assertThat(dead.attempts()).as("a 404 is not tried again").isEqualTo(1);
        assertThat(dead.lastError()).startsWith("404 NOT_FOUND ErrorInvalidUser request-id ");
        assertThat(CapturedLogs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("io.tapdesk.outbox.OutboxSending Outbox message " + dead.id() + " is dead: Graph refused it for good"));
    }

    @Test
    void aNoticeThatCannotBeQueuedNeitherStopsNorHidesThePass() {
        // the app role loses its insert on the outbox: queueing fails, as with PostgreSQL refusing the row
        var superuser = JdbcClient.create(STACK.database().getPostgresDatabase());
        double before = meters.counter("tapdesk.notices.not.queued").count();
        int logLinesBefore = CapturedLogs.lines().size();
        superuser.sql("revoke insert on outbox_message from " + DemoStack.APP_ROLE).update();
        try {
            WebSession web = session();
            web.signIn(DemoOperators.HELPDESK);
            var shown = issue(web, DemoPeople.ADELE, Map.of());

            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.body()).contains("id=\"tap-value\"");
            assertThat(meters.counter("tapdesk.notices.not.queued").count()).isEqualTo(before + 1);
            assertThat(CapturedLogs.lines().subList(logLinesBefore, CapturedLogs.lines().size())).anySatisfy(line ->
                    assertThat(line).startsWith("io.tapdesk.passes.PassNotices Notice for user " + DemoPeople.ADELE.id()));
            assertThat(rows(DemoPeople.ADELE)).isEmpty();
        } finally {
            superuser.sql("grant insert on outbox_message to " + DemoStack.APP_ROLE).update();
        }
    }

    @Test
    void theOutboxPageIsTheAdminsAlone() {
        for (var operator : List.of(DemoOperators.HELPDESK, DemoOperators.APPROVER, DemoOperators.AUDITOR)) {
            WebSession web = session();
            web.signIn(operator);
            assertThat(web.get("/admin/outbox").statusCode()).as(operator.username()).isEqualTo(403);
        }
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var page = admin.get("/admin/outbox");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"outbox-link\"").doesNotContain("id=\"outbox-off\"");
    }

    private HttpResponse<String> issue(WebSession web, Person person, Map<String, String> more) {
        Map<String, String> form = new java.util.HashMap<>(Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-4401", WebSession.CHECKED, "low"));
        form.putAll(more);
        return web.issueFromCard(person.id(), form);
    }

    /** The one mail the stand-in accepted for {@code person} since this test began, once it came. */
    private StandInOutbox.Sent oneMailTo(Person person) {
        await().atMost(WAIT).until(() -> !STACK.graph().state().outbox().to(person.mail()).isEmpty());
        // a moment more: a second send (a duplicate) would show now
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        assertThat(STACK.graph().state().outbox().to(person.mail())).hasSize(1);
        return STACK.graph().state().outbox().to(person.mail()).get(0);
    }

    /** {@code person}'s outbox rows of this test, newest first (the database is shared by the whole run). */
    private List<Row> rows(Person person) {
        return sql.sql("""
                        select id, kind, recipients, state, attempts, last_error, cast(action_id as text) as action_id
                        from outbox_message where person_id = ? and id > ? order by id desc""")
                .params(person.id(), firstId)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("kind"), rs.getString("recipients"),
                        rs.getString("state"), rs.getInt("attempts"), rs.getString("last_error"), rs.getString("action_id")))
                .list();
    }

    private Row rowFor(Person person) {
        List<Row> rows = rows(person);
        assertThat(rows).as("outbox rows of " + person.displayName()).hasSize(1);
        return rows.get(0);
    }

    private long firstId;

    @org.junit.jupiter.api.BeforeEach
    void fromHere() {
        firstId = sql.sql("select coalesce(max(id), 0) from outbox_message").query(Long.class).single();
    }
}
