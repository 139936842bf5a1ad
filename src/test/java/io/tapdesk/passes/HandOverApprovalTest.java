package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tapdesk.handover.HandOverProperties;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue 19, hand-over for a person who counts as privileged: refused without {@code tapdesk.handover.privileged-allowed};
 * with it, only through an approved request (whatever the approval rules say), and picked up only when the hand-over
 * came from that request. Alex Wilber is in a role-assignable group; only a Privileged Authentication Administrator
 * (the demo's Admin) may serve him.
 */
class HandOverApprovalTest extends StackTest {

    static final DemoPeople.Person ALEX = DemoPeople.named("Alex Wilber");

    @Autowired
    JdbcClient sql;
    @Autowired
    HandingOver handingOver;
    @Autowired
    HandOverProperties properties;

    /** The shared context's properties are immutable: the use case's copy is swapped for this test and put back. */
    void privilegedAllowed(boolean allowed) {
        ReflectionTestUtils.setField(handingOver, "properties", new HandOverProperties(properties.linkExpires(),
                properties.onboardingLinkExpires(), allowed, properties.requiredFor(), properties.longerThanMinutes(),
                properties.teams()));
    }

    @AfterEach
    void putBack() {
        ReflectionTestUtils.setField(handingOver, "properties", properties);
    }

    HttpResponse<String> handOver(WebSession admin, String ticket) {
        return admin.issueFromCard(ALEX.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true", "ticket", ticket,
                "recipient", "person", WebSession.CHECKED, "medium"));
    }

    long handOvers(String ticket) {
        return sql.sql("select count(*) from hand_over where ticket = ?").param(ticket).query(Long.class).single();
    }

    /** Requested by the Admin, approved by the Approver, issued by the Admin: the hand-over's link token. */
    String approvedHandOver(WebSession admin, String ticket) {
        var stored = handOver(admin, ticket);
        assertThat(stored.statusCode()).as("a privileged hand-over always waits for approval: " + stored.body()).isEqualTo(302);
        String location = stored.headers().firstValue("Location").orElseThrow();
        String id = location.replaceAll(".*/requests/([0-9]+).*", "$1");
        assertThat(handOvers(ticket)).isZero();
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        var decide = approver.get("/approvals/" + id);
        assertThat(decide.body()).contains("Hand-over to the person on a device where they are signed in")
                .contains("A hand-over for a person who counts as privileged always needs a second person.");
        PassLeakTest.approve(approver, id, "Alex confirmed in person");
        var status = admin.get("/requests/" + id);
        var handed = admin.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(201);
        assertThat(handed.body()).contains("id=\"handover-sent\"");
        assertThat(sql.sql("select approval_request_id from hand_over where ticket = ?").param(ticket).query(Long.class)
                .single()).isEqualTo(Long.parseLong(id));
        return HandOverTest.link();
    }

    WebSession alexOpens(String token) {
        WebSession alex = session();
        var page = alex.get("/confirm/pickup/" + token);
        page = alex.submit(page, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.ALEX.username(), "password", DemoOperators.ALEX.password()));
        assertThat(page.body()).contains("id=\"pickup-form\"");
        lastPage = page;
        return alex;
    }

    HttpResponse<String> lastPage;

    @Test
    void aPrivilegedPersonsHandOverIsRefusedWithoutTheSettingAndGoesThroughApprovalWithIt() {
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var refused = handOver(admin, "INC-1930");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("A hand-over is not offered for a person who counts as privileged");
        assertThat(handOvers("INC-1930")).isZero();
        assertThat(sql.sql("select count(*) from approval_request where ticket = 'INC-1930'").query(Long.class).single()).isZero();

        privilegedAllowed(true);
        STACK.graph().state().nextPassValue("Pr1v!handed");
        String token = approvedHandOver(admin, "INC-1931");
        WebSession alex = alexOpens(token);
        var shown = alex.postFrom(lastPage, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        assertThat(shown.body()).contains("Pr1v!handed");
        assertThat(STACK.graph().state().createAttempts(ALEX.id())).isEqualTo(1);
        assertThat(admin.responses()).noneSatisfy(r -> assertThat(r.body()).contains("Pr1v!handed"));
    }

    @Test
    void aPrivilegedPickupOfAHandOverThatDidNotComeThroughApprovalIsRefused() {
        privilegedAllowed(true);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        String token = approvedHandOver(admin, "INC-1932");
        // as a hand-over made straight from the card (or by a batch) would be: no approved request behind it
        sql.sql("update hand_over set approval_request_id = null where ticket = 'INC-1932'").update();
        WebSession alex = alexOpens(token);
        var refused = alex.postFrom(lastPage, "/confirm/pickup/" + token, Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("data-key=\"handover.privileged-needs-approval\"");
        assertThat(STACK.graph().state().createAttempts(ALEX.id())).isZero();
        assertThat(sql.sql("select end_reason from hand_over where ticket = 'INC-1932'").query(String.class).single())
                .isEqualTo("handover.privileged-needs-approval");
    }
}
