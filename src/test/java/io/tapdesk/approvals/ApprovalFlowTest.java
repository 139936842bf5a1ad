package io.tapdesk.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/** Four eyes over HTTP: request, decide, issue once with the requester's own sign-in; and every refusal. */
class ApprovalFlowTest extends StackTest {

    @Autowired
    JdbcClient sql;

    static long requestMultiUse(WebSession requester, DemoPeople.Person person) {
        var card = requester.get("/users/" + person.id());
        Map<String, String> form = new HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "ticket", "CHG-" + (System.nanoTime() % 100000), WebSession.CHECKED, "medium"));
        if (card.body().contains("id=\"replace-field\"")) {
            form.put("replace", "true");
        }
        var redirect = requester.postFrom(card, "/users/" + person.id() + "/passes", form);
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    HttpResponse<String> decide(WebSession approver, long id, String verb, String reason) {
        var page = approver.get("/approvals/" + id);
        return approver.postFrom(page, "/approvals/" + id + "/" + verb, WebSession.decision(page, reason));
    }

    List<String> auditOf(long id) {
        return sql.sql("select kind || '/' || outcome from audit_event where detail like ? or detail like ? order by id")
                .params("request #" + id + ":%", "request #" + id + " %").query(String.class).list();
    }

    @Test
    void requestApproveIssueOnce() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = requestMultiUse(helpdesk, DemoPeople.ADELE);
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
        var waiting = helpdesk.get("/requests/" + id);
        assertThat(waiting.body()).contains("Waiting for approval").contains("A multi-use pass.").doesNotContain("approved-issue-form");

        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        assertThat(approver.get("/approvals").body()).contains("id=\"open-request-" + id + "\"").contains("helpdesk@contoso.test");
        var approved = approver.follow(decide(approver, id, "approve", "Manager confirmed on Teams"));
        assertThat(approved.body()).contains("Approved. The requester can now issue the pass.");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
        assertThat(approver.responses()).noneSatisfy(r -> assertThat(r.body()).contains("id=\"tap-value\""));

        var status = helpdesk.get("/requests/" + id);
        assertThat(status.body()).contains("id=\"approved-issue-form\"");
        var shown = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tap-value\"").contains("Several sign-ins");
        assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        var twice = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).doesNotContain("id=\"tap-value\"").contains("issued already");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(1);
        assertThat(auditOf(id)).containsExactly("request/pending", "approve/approved", "request/issued");
        assertThat(sql.sql("select count(*) from audit_event where kind = 'issue' and outcome = 'issued' and target_id = ? and phase = 'outcome'")
                .param(DemoPeople.ADELE.id()).query(Integer.class).single()).isPositive();
    }

    @Test
    void nobodyApprovesTheirOwnRequestEvenWithACraftedPost() {
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        long id = requestMultiUse(approver, DemoPeople.ADELE);

        assertThat(approver.get("/approvals").body()).doesNotContain("id=\"open-request-" + id + "\"");
        var page = approver.get("/approvals/" + id);
        assertThat(page.body()).contains("id=\"own-request\"").doesNotContain("id=\"decide-form\"");
        var crafted = approver.postFrom(page, "/approvals/" + id + "/approve", Map.of("reason", "looks fine to me"));
        assertThat(crafted.statusCode()).isEqualTo(403);
        assertThat(sql.sql("select state from approval_request where id = ?").param(id).query(String.class).single()).isEqualTo("pending");
    }

    @Test
    void helpdeskCannotReachTheApproveRoute() {
        WebSession helpdesk = session();
        var home = helpdesk.signIn(DemoOperators.HELPDESK);
        long id = requestMultiUse(helpdesk, DemoPeople.ADELE);

        assertThat(helpdesk.postFrom(home, "/approvals/" + id + "/approve", Map.of("reason", "self service")).statusCode()).isEqualTo(403);
        assertThat(helpdesk.get("/approvals").statusCode()).isEqualTo(403);
    }

    @Test
    void aRejectedRequestCannotBeIssued() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = requestMultiUse(helpdesk, DemoPeople.ADELE);
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);

        assertThat(decide(approver, id, "reject", "x").statusCode()).isEqualTo(400);
        approver.follow(decide(approver, id, "reject", "No ticket in the queue"));
        assertThat(decide(approver, id, "approve", "changed my mind").statusCode()).isEqualTo(409);

        var status = helpdesk.get("/requests/" + id);
        assertThat(status.body()).contains("Rejected").contains("No ticket in the queue");
        assertThat(helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of()).statusCode()).isEqualTo(409);
        assertThat(auditOf(id)).containsExactly("request/pending", "reject/rejected");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
    }

    @Test
    void anApprovalNotUsedInTimeExpires() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        long id = requestMultiUse(helpdesk, DemoPeople.ADELE);
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        approver.follow(decide(approver, id, "approve", "Manager confirmed"));
        sql.sql("update approval_request set decided_at = decided_at - interval '5 hours' where id = ?").param(id).update();

        var status = helpdesk.get("/requests/" + id);
        assertThat(status.body()).contains("Expired");
        var late = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("has expired");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
        assertThat(auditOf(id)).containsExactly("request/pending", "approve/approved", "issue/expired");
    }

    @Test
    void someoneElsesRequestIsNotFound() {
        WebSession helpdesk = session();
        var home = helpdesk.signIn(DemoOperators.HELPDESK);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        long id = requestMultiUse(admin, DemoPeople.ADELE);

        assertThat(helpdesk.get("/requests/" + id).statusCode()).isEqualTo(404);
        assertThat(helpdesk.postFrom(home, "/requests/" + id + "/issue", Map.of()).statusCode()).isEqualTo(404);
    }
}
