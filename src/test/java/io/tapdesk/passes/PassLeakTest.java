package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.tapdesk.support.CapturedLogs;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * The pass value is a credential. After a full flow with a known value, it is in exactly one place: the body of the
 * response to the issuing POST. Not in any log line (at DEBUG), any URL, header or later page, the session tables,
 * nor the audit trail in PostgreSQL.
 */
class PassLeakTest extends StackTest {

    static final String VALUE = "Lk9$Xq+Zp2!w";

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient sql;

    @Test
    void thePassValueAppearsOnlyOnThePassPage() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();

        WebSession helpdesk = session();
        var home = helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.get("/?q=adele");
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        Map<String, String> form = Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", "INC-777", "verificationMethod", "callback", "verificationNote", "called back");
        var shown = helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", form);
        assertThat(shown.body()).as("the pass page shows the value").contains(VALUE);

        // everything after the pass page
        helpdesk.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", form);
        helpdesk.get("/users/" + DemoPeople.ADELE.id());
        helpdesk.submit(home, "/preferences/time-zone", Map.of("zone", "Europe/Paris", "returnTo", "/users/" + DemoPeople.ADELE.id()));
        helpdesk.get("/?q=adele");
        helpdesk.submit(helpdesk.get("/"), "/logout", Map.of());

        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var confirm = admin.get("/users/" + DemoPeople.ADELE.id() + "/passes/revoke");
        admin.submit(confirm, "/users/" + DemoPeople.ADELE.id() + "/passes/revoke", Map.of("passId", WebSession.field(confirm, "passId")));

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(admin.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
    }

    /** The same through the other entry point: a request, its approval, the requester's issue, and what follows. */
    @Test
    void thePassValueOfAnApprovedRequestAppearsOnlyOnItsPassPage() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        var person = DemoPeople.named("Alex Wilber"); // in a role-assignable group: a second person must approve

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.ADMIN); // Entra lets only a Privileged Authentication Administrator serve him
        var card = helpdesk.get("/users/" + person.id());
        var stored = helpdesk.postFrom(card, "/users/" + person.id() + "/passes", Map.of("issueToken",
                WebSession.field(card, "issueToken"), "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-778",
                "verificationMethod", "manager"));
        String request = stored.headers().firstValue("Location").orElseThrow();
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        String id = request.substring(request.lastIndexOf('/') + 1);
        approve(approver, id, "Manager on Teams");
        var status = helpdesk.get("/requests/" + id);
        var shown = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(shown.body()).as("the pass page shows the value").contains(VALUE);

        helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        helpdesk.get("/requests/" + id);
        helpdesk.get("/requests");
        helpdesk.get("/users/" + person.id());
        approver.get("/approvals");
        approver.get("/approvals/" + id);

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(approver.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        List<String> requests = sql.sql("select * from approval_request").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(requests).as("requests were stored").isNotEmpty().noneSatisfy(row -> assertThat(row).contains(VALUE));
    }

    /**
     * Issue #13's flows: an approval sent back because the person changed, approved again and issued; a 503 that leaves
     * the approval usable; a withdrawn request; a second submit shown the open one. The value is on its pass page only.
     */
    @Test
    void thePassValueStaysOnItsPageThroughSentBackWithdrawnAndStillUsableRequests() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        var person = DemoPeople.ADELE;
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        String id = multiUseRequest(helpdesk, person);
        assertThat(multiUseRequest(helpdesk, person)).as("a second submit shows the open request").isEqualTo(id);
        approve(approver, id, "Manager on Teams");
        STACK.graph().state().add(List.of(new DemoPeople.Person(person.id(), person.displayName(), person.userPrincipalName(),
                person.mail(), true, "Guest", false, person.jobTitle(), person.department(), false, person.behaviour(), person.pass())));
        var sentBack = helpdesk.postFrom(helpdesk.get("/requests/" + id), "/requests/" + id + "/issue", Map.of());
        assertThat(sentBack.statusCode()).isEqualTo(409);
        approve(approver, id, "Checked again");
        var status = helpdesk.get("/requests/" + id);
        var shown = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(shown.body()).as("the pass page shows the value").contains(VALUE);
        helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());

        // a 503 with no new pass (the approval stays usable), and a withdrawn request
        String miriam = multiUseRequest(helpdesk, DemoPeople.MIRIAM);
        approve(approver, miriam, "ok");
        helpdesk.postFrom(helpdesk.get("/requests/" + miriam), "/requests/" + miriam + "/issue", Map.of());
        helpdesk.postFrom(helpdesk.get("/requests/" + miriam), "/requests/" + miriam + "/withdraw", Map.of());
        helpdesk.get("/requests/" + miriam);
        helpdesk.get("/requests");
        approver.get("/approvals");
        approver.get("/approvals/" + id);

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(approver.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        List<String> requests = sql.sql("select * from approval_request").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(requests).noneSatisfy(row -> assertThat(row).contains(VALUE));
    }

    /**
     * Issue #16's revoke of a pass a colleague has just replaced: the revoke page names the newer pass (issued when,
     * usable until when) and offers to revoke it; neither pass's value is on it, nor anywhere but its own pass page.
     */
    @Test
    void theRevokeOfAReplacedPassShowsNeitherValue() {
        String newerValue = "Nw7#Rt+Yq4$e";
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var shown = issueAdele(helpdesk, Map.of());
        assertThat(shown.body()).as("the pass page shows the value").contains(VALUE);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        String path = "/users/" + DemoPeople.ADELE.id() + "/passes/revoke";
        var confirm = admin.get(path);

        // a colleague replaces it, and reads out the newer pass
        STACK.graph().state().nextPassValue(newerValue);
        var card = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        var shownNewer = issueAdele(helpdesk, Map.of("replace", "true", "replacePassId", WebSession.field(card, "replacePassId")));
        assertThat(shownNewer.body()).contains(newerValue);

        var replaced = admin.postFrom(confirm, path, Map.of("passId", WebSession.field(confirm, "passId")));
        assertThat(replaced.statusCode()).isEqualTo(409);
        assertThat(replaced.body()).contains("id=\"revoke-replaced\"");
        admin.submit(replaced, path, Map.of("passId", WebSession.field(replaced, "passId")));
        assertThat(STACK.graph().state().pass(DemoPeople.ADELE.id())).isEmpty();

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(admin.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        assertThat(responses.stream().filter(r -> r.body().contains(newerValue))).containsExactly(shownNewer);
        assertThat(CapturedLogs.lines().subList(logLinesBefore, CapturedLogs.lines().size()))
                .noneSatisfy(line -> assertThat(line).contains(newerValue));
        assertThat(sql.sql("select * from audit_event").query().listOfRows().stream().map(Object::toString).toList())
                .noneSatisfy(row -> assertThat(row).contains(newerValue));
    }

    private static HttpResponse<String> issueAdele(WebSession web, Map<String, String> more) {
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        Map<String, String> form = new java.util.HashMap<>(Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-780", "verificationMethod", "callback"));
        form.putAll(more);
        return web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", form);
    }

    private static String multiUseRequest(WebSession requester, DemoPeople.Person person) {
        var card = requester.get("/users/" + person.id());
        var stored = requester.postFrom(card, "/users/" + person.id() + "/passes", Map.of("issueToken",
                WebSession.field(card, "issueToken"), "lifetimeMinutes", "60", "ticket", "INC-779", "verificationMethod", "manager"));
        String location = stored.headers().firstValue("Location").orElseThrow();
        return location.replaceAll(".*/requests/([0-9]+).*", "$1");
    }

    void assertShownOnlyOn(HttpResponse<String> shown, List<HttpResponse<String>> responses, int logLinesBefore) {
        assertThat(responses.stream().filter(r -> r.body().contains(VALUE))).as("responses showing the value")
                .containsExactly(shown);
        assertThat(responses).allSatisfy(r -> {
            // decoded too, so an encoded value is caught; not a fragment of it, which a random OAuth code may hold
            assertThat(URLDecoder.decode(r.uri().toString(), StandardCharsets.UTF_8)).doesNotContain(VALUE);
            assertThat(r.uri().toString()).doesNotContain(URLEncoder.encode(VALUE, StandardCharsets.UTF_8));
            assertThat(r.headers().map().toString()).doesNotContain(VALUE);
        });
        assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        List<String> logs = CapturedLogs.lines().subList(logLinesBefore, CapturedLogs.lines().size());
        assertThat(logs).as("the capture saw this flow's log lines").hasSizeGreaterThan(50)
                .anySatisfy(line -> assertThat(line).contains("Pass ").contains("issued"));
        assertThat(logs).noneSatisfy(line -> assertThat(line).contains(VALUE));

        List<String> audit = sql.sql("select * from audit_event").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(audit).as("the flow wrote audit rows").hasSizeGreaterThanOrEqualTo(4);
        assertThat(audit).noneSatisfy(row -> assertThat(row).contains(VALUE));

        // sessions live in PostgreSQL (Spring Session JDBC): read every stored attribute's bytes
        List<String> session = sql.sql("select attribute_name, attribute_bytes from spring_session_attributes").query(
                (rs, n) -> rs.getString(1) + "=" + new String(rs.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1)).list();
        assertThat(session).as("sessions were stored").isNotEmpty()
                .anySatisfy(attribute -> assertThat(attribute).startsWith("SPRING_SECURITY_CONTEXT="));
        assertThat(session).noneSatisfy(attribute -> assertThat(attribute).contains(VALUE));
    }

    /** The approver approves request {@code id} from its decide page (carrying what the page showed). */
    static void approve(WebSession approver, String id, String reason) {
        var page = approver.get("/approvals/" + id);
        approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, reason));
    }
}
