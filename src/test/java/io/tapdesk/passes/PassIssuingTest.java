package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * The one use case for issuing, through both entry points (the card's form, an approved request): the same replace
 * confirmation, the same unknown-outcome page, the same fence per person.
 */
class PassIssuingTest extends StackTest {

    @Autowired
    JdbcClient sql;

    /** Audit rows before this test began (the database is shared by the whole run). */
    long before;

    @org.junit.jupiter.api.BeforeEach
    void watermark() {
        before = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    static Map<String, String> form(Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-" + (System.nanoTime() % 100000), WebSession.CHECKED, "low"));
        form.putAll(extra);
        return form;
    }

    /** A Helpdesk request for a multi-use pass (a rule wants a second person), approved by the approver. */
    long approvedRequest(DemoPeople.Person person) {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        Map<String, String> multiUse = form(Map.of());
        multiUse.remove("oneTime"); // an unticked box sends nothing
        multiUse.put(WebSession.CHECKED, "medium"); // a multi-use pass needs the manager's confirmation
        var stored = helpdesk.issueFromCard(person.id(), multiUse);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(302);
        String location = stored.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var page = approver.get("/approvals/" + id);
        assertThat(approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, "Manager confirmed")).statusCode())
                .isEqualTo(302);
        return id;
    }

    List<String> issueRows(DemoPeople.Person person) {
        return sql.sql("select kind || '/' || outcome from audit_event where target_id = ? and phase = 'outcome' and id > ? order by id")
                .params(person.id(), before).query(String.class).list();
    }

    @Test
    void anApprovedRequestThatMeetsANewerWorkingPassAsksToReplaceItAndIsAuditedAsAReplace() {
        var person = DemoPeople.ADELE;
        long id = approvedRequest(person);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        assertThat(admin.issueFromCard(person.id(), form(Map.of())).statusCode()).isEqualTo(200);
        String newer = STACK.graph().state().pass(person.id()).orElseThrow().id();

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var status = helpdesk.get("/requests/" + id);
        assertThat(status.body()).contains("The person had no working pass when this was asked.");
        var asked = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());

        assertThat(asked.statusCode()).isEqualTo(409);
        assertThat(asked.body()).doesNotContain("id=\"tap-value\"").contains("id=\"replace-field\"")
                .contains("not the one agreed when the request was made").contains(newer);
        assertThat(STACK.graph().state().createAttempts(person.id())).isEqualTo(1);

        var unticked = helpdesk.postFrom(asked, "/requests/" + id + "/issue", Map.of("replacePassId", newer));
        assertThat(unticked.statusCode()).isEqualTo(409);
        assertThat(unticked.body()).contains("Tick \u201cReplace the current pass\u201d to replace it");

        var shown = helpdesk.postFrom(asked, "/requests/" + id + "/issue", Map.of("replace", "true", "replacePassId", newer));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(person.id())).isEqualTo(2);
        assertThat(issueRows(person)).containsExactly("issue/issued", "replace/issued");
    }

    @Test
    void aCardIssueThatMeetsAPassIssuedSinceTheFormWasLoadedAsksToReplaceItAndIsAuditedAsAReplace() {
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get("/users/" + person.id());
        assertThat(card.body()).doesNotContain("id=\"replace-field\"");
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        assertThat(admin.issueFromCard(person.id(), form(Map.of())).statusCode()).isEqualTo(200);

        Map<String, String> fields = form(Map.of("issueToken", WebSession.field(card, "issueToken")));
        var asked = helpdesk.postFrom(card, "/users/" + person.id() + "/passes", fields);

        assertThat(asked.statusCode()).isEqualTo(409);
        assertThat(asked.body()).doesNotContain("id=\"tap-value\"").contains("Someone issued a new pass for this person a moment ago")
                .contains("id=\"replace-field\"");
        fields.putAll(Map.of("issueToken", WebSession.field(asked, "issueToken"), "replace", "true",
                "replacePassId", WebSession.field(asked, "replacePassId")));
        var shown = helpdesk.postFrom(asked, "/users/" + person.id() + "/passes", fields);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tap-value\"");
        assertThat(issueRows(person)).containsExactly("issue/issued", "replace/issued");
    }

    @Test
    void anUnknownOutcomeOnTheApprovedPathShowsTheCurrentStatus() {
        var person = DemoPeople.CHRISTIE; // the create makes the pass, then the gateway answers 504
        long id = approvedRequest(person);
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var status = helpdesk.get("/requests/" + id);

        var unknown = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());

        assertThat(unknown.statusCode()).isEqualTo(503);
        // one piece of advice, on the first screen: issue a new pass and replace; not Graph's "try again" for a 504
        assertThat(unknown.body()).contains("id=\"unknown-advice\"").contains("tick \u201cReplace the current pass\u201d")
                .doesNotContain("Try again in a minute");
        assertThat(unknown.body()).contains("id=\"unknown-heading\"").contains("Current status")
                .contains("Usable until").doesNotContain("id=\"tap-value\"");
        assertThat(STACK.graph().state().pass(person.id())).isPresent();
        assertThat(sql.sql("select count(*) from audit_event where detail = ? and outcome = 'unknown'")
                .param("request #" + id + " issued by its requester").query(Integer.class).single()).isEqualTo(1);
        // the approval is spent: a pass may exist that nobody saw
        assertThat(helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of()).statusCode()).isEqualTo(409);
        assertThat(STACK.graph().state().createAttempts(person.id())).isEqualTo(1);
    }

    @Test
    void aCreatedAnswerWithoutAPassValueIsAnUnknownOutcomeNeverAnEmptyPass() {
        var person = DemoPeople.named("Johanna Lorenz"); // an internal guest: she may get a pass
        STACK.graph().state().nextValueMissing();
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);

        var answer = admin.issueFromCard(person.id(), form(Map.of()));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).doesNotContain("id=\"tap-value\"").contains("id=\"unknown-heading\"")
                .contains("Graph created a pass but did not hand over its value").contains("Usable until");
        assertThat(STACK.graph().state().pass(person.id())).isPresent();
        assertThat(issueRows(person)).containsExactly("issue/unknown");
    }

    @Test
    void aSecondIssueWhileACreateIsInFlightIsBusyAndGraphSeesOneCreate() throws Exception {
        // lock-wait 1 s, lock-lease 2 s (StackTest); the create takes 4 s, so the lease would have run out twice
        var person = DemoPeople.named("Lee Gu"); // an expired pass: nothing to confirm replacing
        STACK.graph().state().createDelay(Duration.ofSeconds(4));
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var adminCard = admin.get("/users/" + person.id());
        var helpdeskCard = helpdesk.get("/users/" + person.id());

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> admin.postFrom(adminCard,
                "/users/" + person.id() + "/passes", form(Map.of("issueToken", WebSession.field(adminCard, "issueToken")))));
        Thread.sleep(2500);
        var second = helpdesk.postFrom(helpdeskCard, "/users/" + person.id() + "/passes",
                form(Map.of("issueToken", WebSession.field(helpdeskCard, "issueToken"))));

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("Someone else is issuing for this person right now").doesNotContain("id=\"tap-value\"");
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(first.get().body()).contains("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(person.id())).isEqualTo(1);
    }

}
