package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/** Every action leaves exactly its rows, the audit page shows them to the right people, and the export is safe. */
class AuditFlowTest extends StackTest {

    @Autowired
    JdbcClient sql;

    @Autowired
    AuditTrail trail;

    long before;

    @BeforeEach
    void mark() {
        before = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    List<Map<String, Object>> newRows() {
        return sql.sql("select * from audit_event where id > ? order by id").param(before).query().listOfRows();
    }

    static java.net.http.HttpResponse<String> issue(WebSession web, DemoPeople.Person person, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-31337",
                WebSession.CHECKED, "low"));
        form.putAll(extra);
        return web.issueFromCard(person.id(), form);
    }

    @Test
    void anIssueWritesAnIntentThenAnOutcome() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        // the agent called Adele back on her mobile number, as the directory has it, and records it on the card
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/caller-checks",
                Map.of("method", "callback", "number", "+31 6 1234 5678", "note", "she named her manager"));
        Map<String, String> form = new HashMap<>(Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-31337"));
        assertThat(web.issueFromCard(DemoPeople.ADELE.id(), form).statusCode()).isEqualTo(200);

        var rows = newRows();
        assertThat(rows).hasSize(3);
        var check = rows.get(0);
        var intent = rows.get(1);
        var outcome = rows.get(2);
        assertThat(check).containsEntry("kind", "verify").containsEntry("outcome", "recorded")
                .containsEntry("verification_method", "callback").containsEntry("ticket", null);
        assertThat((String) check.get("verification_note")).startsWith("call-back to +31 6 1234 5678: she named her manager [check ")
                .endsWith(", low]");
        assertThat(intent).containsEntry("kind", "issue").containsEntry("phase", "intent").containsEntry("outcome", "pending")
                .containsEntry("operator_oid", DemoOperators.HELPDESK.objectId())
                .containsEntry("operator_upn", "helpdesk@contoso.test").containsEntry("target_id", DemoPeople.ADELE.id())
                .containsEntry("target_upn", "adele.vance@contoso.test").containsEntry("ticket", "INC-31337")
                .containsEntry("verification_method", "callback")
                .containsEntry("verification_note", check.get("verification_note"))
                .containsEntry("lifetime_minutes", 60).containsEntry("one_time", true).containsEntry("client_address", "127.0.0.1");
        assertThat(outcome).containsEntry("phase", "outcome").containsEntry("outcome", "issued")
                .containsEntry("action_id", intent.get("action_id"));
        assertThat((String) outcome.get("graph_request_id")).matches("[0-9a-f-]{36}");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void replaceRevokeRefusalFailureAndUnknownLeaveTheirRows() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        issue(helpdesk, DemoPeople.MEGAN, Map.of("replace", "true"));
        issue(helpdesk, DemoPeople.PATTI, Map.of());
        issue(helpdesk, DemoPeople.LYNNE, Map.of());
        issue(helpdesk, DemoPeople.DEBRA, Map.of());
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var confirm = admin.get("/users/" + DemoPeople.MEGAN.id() + "/passes/revoke");
        admin.submit(confirm, "/users/" + DemoPeople.MEGAN.id() + "/passes/revoke", Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-900", "reason", "Phone lost"));

        // (each issue's check of the caller has a row of its own: CallerChecksTest)
        var actions = newRows().stream().filter(r -> !"verify".equals(r.get("kind"))).toList();
        var summary = actions.stream().map(r -> r.get("kind") + "/" + r.get("phase") + "/" + r.get("outcome")).toList();
        assertThat(summary).containsExactly(
                "replace/intent/pending", "replace/outcome/issued",
                "refused/event/refused",
                "issue/intent/pending", "issue/outcome/failed",
                "issue/intent/pending", "issue/outcome/unknown",
                "revoke/intent/pending", "revoke/outcome/revoked");
        // Entra refused this agent Patti's methods on the card, so TapDesk refuses before anyone approves in vain
        assertThat((String) actions.get(2).get("detail")).isEqualTo("guard.pass-forbidden");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void theAuditPageShowsEveryoneToAuditorsAndOwnActionsToHelpdesk() {
        String approverTicket = "APR-" + (System.nanoTime() % 1_000_000_000L);
        String helpdeskTicket = "HD-" + (System.nanoTime() % 1_000_000_000L);
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var approverIssue = issue(approver, DemoPeople.ADELE, Map.of("ticket", approverTicket));
        assertThat(approverIssue.statusCode()).as(approverIssue.body().replaceAll("\\s+", " ")
                .replaceAll(".*<main", "<main").substring(0, 600)).isEqualTo(200);
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        issue(helpdesk, DemoPeople.MEGAN, Map.of("replace", "true", "ticket", helpdeskTicket));

        String own = helpdesk.get("/audit").body();
        assertThat(own).contains("id=\"own-only\"").contains(helpdeskTicket).doesNotContain(approverTicket)
                .doesNotContain("id=\"audit-export\"");
        assertThat(helpdesk.get("/audit/export").statusCode()).isEqualTo(403);

        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);
        String all = auditor.get("/audit").body();
        assertThat(all).contains(helpdeskTicket).contains(approverTicket)
                .contains("In person, with photo ID").contains("id=\"audit-export\"");
        assertThat(auditor.get("/audit?person=adele&action=issue&outcome=issued").body())
                .contains(approverTicket).doesNotContain(helpdeskTicket).doesNotContain("megan.bowen@contoso.test");
        assertThat(auditor.get("/audit?action=revoke&from=2000-01-01&to=2000-01-02").body()).contains("id=\"audit-empty\"");
        assertThat(auditor.get("/audit?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(auditor.get("/audit/verify").body()).contains("id=\"chain-intact\"");
    }

    @Test
    void anIntentWithoutOutcomeShowsAsOutcomeUnknownOnceItIsOld() {
        // "old" is measured on the business clock
        trail.append(new AuditEntry(DemoClock.shared().instant().minus(Duration.ofMinutes(10)), UUID.randomUUID(), "issue", "intent", "pending",
                "oid-x", "ghost@contoso.test", "t", "orphan@contoso.test", "INC-404", "callback", null, 60, true, null, null,
                "10.0.0.1", null));
        trail.append(new AuditEntry(DemoClock.shared().instant(), UUID.randomUUID(), "issue", "intent", "pending",
                "oid-x", "ghost@contoso.test", "t", "fresh@contoso.test", "INC-405", "callback", null, 60, true, null, null,
                "10.0.0.1", null));
        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);

        assertThat(auditor.get("/audit?person=orphan&outcome=unknown").body()).contains("orphan@contoso.test").contains("Outcome unknown");
        assertThat(auditor.get("/audit?person=fresh").body()).contains("In progress");
    }

    @Test
    void theExportIsStreamedSafeAndAuditedItself() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        // what the agent typed as checked, recorded with the check and repeated by the issue's rows
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/caller-checks",
                Map.of("method", "in-person", "note", "=HYPERLINK(\"http://evil.example\",\"x\")"));
        helpdesk.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-31337"));
        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);

        long rowsBefore = newRows().size();
        var page = auditor.get("/audit/export?person=adele");
        // the GET only shows what will be exported: it writes nothing, so a cross-site link changes nothing
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"export-filter\"").contains("adele").contains("id=\"export-download\"")
                .contains("name=\"_csrf\"");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(newRows()).hasSize((int) rowsBefore);

        var csv = auditor.postFrom(page, "/audit/export", Map.of("person", WebSession.field(page, "person")));

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFRow,Time (UTC),Time (your zone),Action,Outcome,Operator,Person,Ticket")
                .contains("INC-31337").contains("\"'=HYPERLINK(").doesNotContain(",=HYPERLINK");
        var export = newRows().get(newRows().size() - 1);
        assertThat(export).containsEntry("kind", "export").containsEntry("operator_upn", "auditor@contoso.test");
        assertThat((String) export.get("detail")).contains("person=adele");
        assertThat(newRows()).hasSize((int) rowsBefore + 1);
    }

    @Test
    void anExportByGetChangesNothing() {
        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);

        var page = auditor.get("/audit/export");
        var again = auditor.get("/audit/export?person=adele&action=issue&from=2000-01-01");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Issue").contains("2000-01-01").doesNotContain("id,time_utc");
        assertThat(newRows()).isEmpty();
    }

    @Test
    void aPostWhoseTicketIsMissingIsAFormErrorAndRecordsNothing() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);

        var page = helpdesk.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", ""));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"issue-ticket-error\"");
        assertThat(newRows()).isEmpty();
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
    }
}
