package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.graph.StandInOutbox;

/**
 * The steps of "ask the manager" as a test walks them (ManagerConfirmationTest, ManagerConfirmationAttackTest): the
 * agent asks on the card, the stand-in's outbox holds the message with its link and code, the manager opens the link
 * in a second browser and signs in at the confirmation app.
 */
abstract class ManagerQuestionSteps extends StackTest {

    static final Pattern LINK = Pattern.compile("/confirm/([A-Za-z0-9_-]{43})");
    static final Pattern CODE = Pattern.compile("<b>([0-9]{6})</b>");

    @Autowired
    JdbcClient sql;

    /** The last audit row before the test: the trail is shared by the whole run. */
    long auditBefore;

    @BeforeEach
    void auditBaseline() {
        auditBefore = sql.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    /** The agent at the card: asks the manager of {@code personId}; the answer is the card after the redirect. */
    HttpResponse<String> ask(WebSession agent, String personId) {
        var card = agent.get("/users/" + personId);
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(card.body()).contains("id=\"ask-form\"");
        var asked = agent.postFrom(card, "/users/" + personId + "/ask-manager",
                Map.of("ticket", "INC-4711", "lifetimeMinutes", "60", "oneTime", "true"));
        assertThat(asked.statusCode()).as("post/redirect/get back to the card").isEqualTo(302);
        return agent.follow(asked);
    }

    static String token(StandInOutbox.Sent message) {
        Matcher m = LINK.matcher(message.body());
        assertThat(m.find()).as("the message holds the link").isTrue();
        return m.group(1);
    }

    static String code(StandInOutbox.Sent message) {
        Matcher m = CODE.matcher(message.body());
        assertThat(m.find()).as("the message holds the code").isTrue();
        return m.group(1);
    }

    StandInOutbox.Sent onlyMessage() {
        var all = STACK.graph().state().outbox().all();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** A second browser: signs in at the confirmation app by opening the link, and lands on it. */
    WebSession managerOpens(DemoOperators.Operator who, String token) {
        WebSession manager = session();
        var page = manager.get("/confirm/" + token);
        assertThat(page.uri().toString()).as("the confirmation app's own sign-in").startsWith(STACK.issuer() + "/login");
        var back = manager.submit(page, STACK.issuer() + "/login", Map.of("username", who.username(), "password", who.password()));
        assertThat(back.uri().getPath()).isEqualTo("/confirm/" + token);
        return manager;
    }

    /** The state of the latest question about {@code personId}. */
    String state(String personId) {
        return sql.sql("select state from manager_confirmation where lower(person_id) = lower(?) order by created_at desc limit 1")
                .param(personId).query(String.class).single();
    }

    long auditRows(String kind, String outcome, String personId) {
        return sql.sql("select count(*) from audit_event where id > ? and kind = ? and outcome = ? and lower(target_id) = lower(?)")
                .params(auditBefore, kind, outcome, personId).query(Long.class).single();
    }
}
