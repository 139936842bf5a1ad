package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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
        assertThat(responses.stream().filter(r -> r.body().contains(VALUE))).as("responses showing the value")
                .containsExactly(shown);
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.uri().toString()).doesNotContain(VALUE).doesNotContain("Lk9");
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
}
