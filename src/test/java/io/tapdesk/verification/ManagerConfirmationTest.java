package io.tapdesk.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.StandInOutbox;

/**
 * "Ask the manager" (issue 17 item 3) end to end: the agent's card asks, the stand-in records the Teams message (or
 * the mail), the manager signs in at the confirmation app in a second browser and answers.
 */
class ManagerConfirmationTest extends ManagerQuestionSteps {

    private static final String ALEX = DemoPeople.named("Alex Wilber").id();



    /** "This is not right" fences the person: the database is shared by the whole run, so lift what a test left. */
    @org.junit.jupiter.api.AfterEach
    void liftWhatIsLeft() {
        sql.sql("update person_fence set lifted_at = now(), lifted_by_oid = 'test', lifted_reason = 'test end'"
                + " where lifted_at is null").update();
    }

    @Test
    void theManagerConfirmsAndTheCardSaysSo() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var card = ask(agent, DemoPeople.ADELE.id());

        var message = onlyMessage();
        assertThat(message.channel()).isEqualTo(StandInOutbox.Channel.CHAT);
        assertThat(message.from()).as("from the operator's own account").isEqualTo(DemoOperators.HELPDESK.objectId());
        assertThat(message.to()).containsExactly(DemoPeople.PATTI.id());
        assertThat(message.body()).contains("Adele Vance").contains("Hana Helpdesk").contains("INC-4711")
                .contains(STACK.appUrl() + "/confirm/");
        String code = code(message);
        assertThat(WebSession.text(card, "ask-state")).contains("Patti Fernandez").contains("Teams").contains(code);
        assertThat(card.body()).contains("data-poll=\"/users/" + DemoPeople.ADELE.id() + "/ask-manager/state\"");
        assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/ask-manager/state").body()).isEqualTo("{\"state\":\"asked\"}");
        // the token is kept only as its hash
        String token = token(message);
        assertThat(sql.sql("select count(*) from manager_confirmation where token_hash = ?").param(token).query(Long.class).single()).isZero();
        assertThat(auditRows("ask-manager", "asked", DemoPeople.ADELE.id())).isEqualTo(1);

        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        var page = patti.last();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(WebSession.text(page, "confirm-person")).contains("Adele Vance");
        assertThat(WebSession.text(page, "confirm-operator")).contains("Hana Helpdesk");
        assertThat(WebSession.text(page, "confirm-ticket")).isEqualTo("INC-4711");
        assertThat(WebSession.text(page, "confirm-code")).isEqualTo(code);

        var done = patti.postFrom(page, "/confirm/" + token, Map.of("answer", "confirm", "how", "I'm next to them"));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(WebSession.text(done, "confirm-outcome")).contains("recorded");

        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("confirmed");
        assertThat(auditRows("manager-answer", "confirmed", DemoPeople.ADELE.id())).isEqualTo(1);
        assertThat(sql.sql("select operator_oid from audit_event where id > ? and kind = 'manager-answer' and outcome = 'confirmed' "
                + "and lower(target_id) = lower(?)").params(auditBefore, DemoPeople.ADELE.id()).query(String.class).single())
                .as("the manager is who answered").isEqualTo(DemoPeople.PATTI.id());
        assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/ask-manager/state").body()).isEqualTo("{\"state\":\"confirmed\"}");
        var after = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(WebSession.text(after, "ask-state")).contains("confirmed");

        // a MEDIUM check of the caller, bound to the operator who asked and the person
        var check = sql.sql("select operator_oid, method, tier, evidence from caller_check where lower(person_id) = lower(?) "
                        + "order by created_at desc limit 1")
                .param(DemoPeople.ADELE.id()).query().singleRow();
        assertThat(check.get("operator_oid")).isEqualTo(DemoOperators.HELPDESK.objectId());
        assertThat(check.get("method")).isEqualTo("manager");
        assertThat(check.get("tier")).isEqualTo("medium");
        assertThat(check.get("evidence")).isEqualTo("manager " + DemoPeople.PATTI.userPrincipalName()
                + " confirmed INC-4711 (60 min, one-time): I'm next to them");
        // the card lists it under "Who is calling?" and no longer asks for the manager
        assertThat(org.unbescape.html.HtmlEscape.unescapeHtml(after.body()))
                .containsPattern("(?s)<ul id=\"caller-checks\">\\s*<li data-tier=\"medium\"[^<]*I'm next to them");
        assertThat(auditRows("verify", "recorded", DemoPeople.ADELE.id())).isEqualTo(1);
    }

    /**
     * Walk of #17 (high): the manager was shown "INC-4711, 60 minutes, one-time" and confirmed that; the check allowed
     * a 480-minute multi-use pass on another ticket. Now it covers what the manager saw: the issue form starts with it,
     * another ticket, a longer or a multi-use pass are refused saying what the manager confirmed, and nothing is sent.
     */
    @Test
    void aManagersConfirmationCoversTheTicketAndThePassTheManagerSaw() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        assertThat(patti.postFrom(patti.last(), "/confirm/" + token, Map.of("answer", "confirm", "how", "I'm next to them"))
                .statusCode()).isEqualTo(200);

        var card = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(WebSession.inputValue(card, "issue-ticket")).isEqualTo("INC-4711");
        assertThat(WebSession.inputValue(card, "issue-lifetime")).isEqualTo("60");
        assertThat(WebSession.allText(card, "caller-checks")).contains("for ticket INC-4711, at most 60 minutes, one-time");
        String path = "/users/" + DemoPeople.ADELE.id() + "/passes";
        for (Map<String, String> other : List.of(
                Map.of("ticket", "INC-4999", "lifetimeMinutes", "60", "oneTime", "true"),
                Map.of("ticket", "INC-4711", "lifetimeMinutes", "480", "oneTime", "true"),
                Map.of("ticket", "INC-4711", "lifetimeMinutes", "60"))) {
            Map<String, String> form = new java.util.HashMap<>(other);
            form.put("issueToken", WebSession.field(card, "issueToken"));
            var refused = agent.postFrom(card, path, form);
            assertThat(refused.statusCode()).as(other.toString()).isEqualTo(403);
            assertThat(org.unbescape.html.HtmlEscape.unescapeHtml(refused.body())).as(other.toString())
                    .contains("The manager confirmed a one-time pass of at most 60 minutes for ticket INC-4711");
        }
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
        assertThat(sql.sql("select count(*) from approval_request where lower(target_id) = lower(?) and state = 'pending'")
                .param(DemoPeople.ADELE.id()).query(Long.class).single()).isZero();

        var issued = agent.postFrom(card, path, Map.of("issueToken", WebSession.field(card, "issueToken"),
                "ticket", "INC-4711", "lifetimeMinutes", "60", "oneTime", "true"));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("id=\"tap-value\"");
    }

    /**
     * Walk of #17: a manager whose sign-in ended while the page was open got the operators' "sign-in ended" page,
     * whose link signed them into the operators' app. Now the answer is not taken and they are sent back to the same
     * question, which signs them in through the confirmation app again.
     */
    @Test
    void aManagerWhoseSignInEndedIsSentBackToTheQuestion() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        var page = patti.last();
        patti.cookieStore().removeAll(); // the session ended (idle or absolute timeout): its cookie names nothing

        var answer = patti.postFrom(page, "/confirm/" + token, Map.of("answer", "confirm", "how", "I'm next to them"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElse("")).isEqualTo(STACK.appUrl() + "/confirm/" + token);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("asked");
        var again = patti.follow(answer);
        assertThat(again.uri().toString()).as("the confirmation app's sign-in, not the operators'").startsWith(STACK.issuer() + "/login");
    }

    @Test
    void aChatTeamsRefusesGoesByMailFromTheOperatorsMailbox() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        var card = ask(agent, ALEX);

        var message = onlyMessage();
        assertThat(message.channel()).as("Megan Bowen has no Teams: the chat answered 403").isEqualTo(StandInOutbox.Channel.MAIL);
        assertThat(message.from()).isEqualTo("helpdesk@contoso.test");
        assertThat(message.to()).containsExactly(DemoPeople.MEGAN.mail());
        assertThat(message.subject()).contains("Alex Wilber");
        assertThat(WebSession.text(card, "ask-state")).contains("Megan Bowen").contains("e-mail");
        assertThat(sql.sql("select channel from manager_confirmation where lower(person_id) = lower(?)").param(ALEX)
                .query(String.class).single()).isEqualTo("mail");
    }

    @Test
    void aManagerChangedBetweenQuestionAndAnswerCannotConfirm() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        var page = patti.last();
        assertThat(page.statusCode()).isEqualTo(200);

        // Adele moves to another team while Patti's page is open
        STACK.graph().state().manager(DemoPeople.ADELE.id(), DemoPeople.MEGAN.id());
        var post = patti.postFrom(page, "/confirm/" + token, Map.of("answer", "confirm", "how", "I'm next to them"));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).doesNotContain("confirm-form");
        assertThat(patti.get("/confirm/" + token).statusCode()).isEqualTo(403);
        // the new manager was never asked either: the question goes to whom it was sent
        WebSession megan = managerOpens(DemoOperators.MEGAN, token);
        assertThat(megan.last().statusCode()).isEqualTo(403);

        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("asked");
        assertThat(sql.sql("select detail from audit_event where id > ? and kind = 'manager-answer' and lower(target_id) = lower(?) order by id")
                .params(auditBefore, DemoPeople.ADELE.id()).query(String.class).list())
                .hasSize(3).allSatisfy(d -> assertThat(d).contains(" changed: asked " + DemoPeople.PATTI.id()));
    }

    @Test
    void theOperatorThePersonAndSomeoneElseCannotConfirm() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());

        for (DemoOperators.Operator who : List.of(DemoOperators.HELPDESK, DemoOperators.ADELE, DemoOperators.ALEX)) {
            WebSession other = managerOpens(who, token);
            assertThat(other.last().statusCode()).as(who.username()).isEqualTo(403);
            assertThat(other.last().body()).as("shows nothing of the question").doesNotContain("INC-4711").doesNotContain("confirm-form");
        }
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("asked");
        assertThat(sql.sql("select detail from audit_event where id > ? and kind = 'manager-answer' and outcome = 'refused' "
                + "and lower(target_id) = lower(?) order by id").params(auditBefore, DemoPeople.ADELE.id()).query(String.class).list())
                .hasSize(3)
                .anySatisfy(d -> assertThat(d).startsWith("manager-refused open operator;"))
                .anySatisfy(d -> assertThat(d).startsWith("manager-refused open person;"))
                .anySatisfy(d -> assertThat(d).startsWith("manager-refused open not-the-manager: " + DemoPeople.named("Alex Wilber").id()));
    }

    @Test
    void aLinkIsAnsweredOnceAndNotAfterItExpired() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        var page = patti.last();
        assertThat(patti.postFrom(page, "/confirm/" + token, Map.of("answer", "confirm", "how", "On the phone with me")).statusCode())
                .isEqualTo(200);
        // a second answer with the same page (a second tab, a replay)
        assertThat(patti.postFrom(page, "/confirm/" + token, Map.of("answer", "confirm", "how", "Again")).statusCode()).isEqualTo(409);
        assertThat(patti.postFrom(page, "/confirm/" + token, Map.of("answer", "not-right")).statusCode()).isEqualTo(409);
        assertThat(patti.get("/confirm/" + token).statusCode()).isEqualTo(409);
        assertThat(auditRows("manager-answer", "confirmed", DemoPeople.ADELE.id())).isEqualTo(1);

        STACK.graph().state().reset();
        ask(agent, DemoPeople.ADELE.id());
        String second = token(onlyMessage());
        java.util.UUID question = sql.sql("select id from manager_confirmation where state = 'asked' and lower(person_id) = lower(?) "
                        + "order by created_at desc limit 1")
                .param(DemoPeople.ADELE.id()).query(java.util.UUID.class).single();
        // the question is older than its expiry (moved back in the database: no waiting, no clock)
        sql.sql("update manager_confirmation set created_at = created_at - interval '2 hours', expires_at = created_at - interval '90 minutes' "
                + "where id = ?").param(question).update();
        var expired = patti.get("/confirm/" + second);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).doesNotContain("confirm-form");
        assertThat(patti.postFrom(page, "/confirm/" + second, Map.of("answer", "confirm", "how", "It is them")).statusCode()).isEqualTo(410);
        assertThat(sql.sql("select state from manager_confirmation where id = ?").param(question).query(String.class).single())
                .isEqualTo("expired");
        assertThat(auditRows("manager-answer", "expired", DemoPeople.ADELE.id())).isEqualTo(1);

        assertThat(patti.get("/confirm/" + "A".repeat(43)).statusCode()).as("an unknown link").isEqualTo(404);
        assertThat(patti.get("/confirm/not-a-token").statusCode()).isEqualTo(404);
    }

    @Test
    void notRightIsRecordedAndAudited() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        var answered = patti.postFrom(patti.last(), "/confirm/" + token, Map.of("answer", "not-right",
                "what", "Adele is on holiday in Spain"));
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("not-right");
        assertThat(auditRows("manager-answer", "not-right", DemoPeople.ADELE.id())).isEqualTo(1);
        // an incident: Adele is fenced, audited by the manager, and the card says no pass can be issued
        assertThat(sql.sql("select reported_by_oid || ' / ' || operator_oid || ' / ' || ticket || ' / ' || report_text "
                        + "from person_fence where lower(person_id) = lower(?) and lifted_at is null")
                .param(DemoPeople.ADELE.id()).query(String.class).single())
                .isEqualTo(DemoPeople.PATTI.id() + " / " + DemoOperators.HELPDESK.objectId() + " / INC-4711 / Adele is on holiday in Spain");
        assertThat(auditRows("incident", "fenced", DemoPeople.ADELE.id())).isEqualTo(1);
        var card = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.body()).contains("id=\"fence\"").doesNotContain("id=\"issue-form\"");
        assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/ask-manager/state").body()).isEqualTo("{\"state\":\"not-right\"}");
    }

    @Test
    void noConfirmationIsRecordedAndNoQuestionAskedWhileThePersonIsFenced() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        ask(agent, DemoPeople.ADELE.id());
        var questions = STACK.graph().state().outbox().all();
        assertThat(questions).hasSize(2);
        String first = token(questions.get(0));
        String second = token(questions.get(1));
        WebSession patti = managerOpens(DemoOperators.PATTI, first);
        patti.postFrom(patti.last(), "/confirm/" + first, Map.of("answer", "not-right"));

        // the other question, asked before the incident, confirms nothing now
        var page = patti.get("/confirm/" + second);
        var refused = patti.postFrom(page, "/confirm/" + second, Map.of("answer", "confirm", "how", "I'm next to them"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(WebSession.text(refused, "confirm-heading")).isEqualTo("Nothing to confirm now");
        assertThat(sql.sql("select count(*) from caller_check where lower(person_id) = lower(?) and method = 'manager' "
                + "and created_at >= (select min(created_at) from manager_confirmation where token_hash = ?)")
                .params(DemoPeople.ADELE.id(), ManagerConfirmations.hash(first)).query(Long.class).single()).isZero();
        // and the card's crafted ask is refused (the card shows the fence and no form)
        var card = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.body()).doesNotContain("id=\"ask-form\"");
        var crafted = agent.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/ask-manager",
                Map.of("ticket", "INC-4711", "lifetimeMinutes", "60"));
        assertThat(crafted.statusCode()).isEqualTo(409);
        assertThat(STACK.graph().state().outbox().all()).hasSize(2);
        assertThat(auditRows("ask-manager", "refused", DemoPeople.ADELE.id())).isEqualTo(1);
    }

    @Test
    void howIKnowIsRequired() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        var refused = patti.postFrom(patti.last(), "/confirm/" + token, Map.of("answer", "confirm", "how", "  "));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("confirm-how-error").contains("confirm-form");
        assertThat(patti.postFrom(refused, "/confirm/" + token, Map.of("answer", "confirm", "how", "x".repeat(401))).statusCode())
                .isEqualTo(400);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("asked");
    }

    @Test
    void theConfirmationSessionHoldsNoGraphToken() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        WebSession patti = managerOpens(DemoOperators.PATTI, token(onlyMessage()));

        assertThat(sql.sql("select count(*) from oauth2_authorized_client where client_registration_id = 'confirm'")
                .query(Long.class).single()).isZero();
        assertThat(sql.sql("select count(*) from oauth2_authorized_client where principal_name = ?")
                .param(DemoPeople.PATTI.userPrincipalName()).query(Long.class).single()).isZero();
        String sessionId = new String(Base64.getDecoder().decode(patti.cookie("SESSION")));
        List<String> names = sql.sql("select a.attribute_name from spring_session_attributes a "
                        + "join spring_session s on s.primary_id = a.session_primary_id where s.session_id = ?")
                .param(sessionId).query(String.class).list();
        // the confirmation app asked for openid profile only, with its own client and PKCE
        String authorize = patti.trail().stream().filter(t -> t.contains("Location: " + STACK.issuer() + "/oauth2/authorize?"))
                .findFirst().orElseThrow();
        assertThat(java.net.URLDecoder.decode(authorize, java.nio.charset.StandardCharsets.UTF_8))
                .contains("client_id=tapdesk-confirm").containsPattern("[?&]scope=openid profile(&|$)")
                .contains("code_challenge_method=S256").contains("redirect_uri=" + STACK.appUrl() + "/login/oauth2/code/confirm");
        assertThat(names).contains("TAPDESK_CONFIRM_SECURITY_CONTEXT")
                .noneMatch(n -> n.toUpperCase().contains("AUTHORIZED_CLIENT"))
                .as("no operator sign-in in it").doesNotContain("SPRING_SECURITY_CONTEXT");
    }

    @Test
    void aManagerCannotReachOperatorPagesAndAnOperatorCannotAnswerForTheManager() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = managerOpens(DemoOperators.PATTI, token);

        for (String page : List.of("/", "/users/" + DemoPeople.ADELE.id(), "/audit", "/requests")) {
            var answer = patti.getRaw(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).as(page).endsWith("/oauth2/authorization/entra");
        }
        assertThat(patti.getRaw("/users/" + DemoPeople.ADELE.id() + "/ask-manager/state").statusCode()).isEqualTo(401);

        var operatorOnLink = agent.getRaw("/confirm/" + token);
        assertThat(operatorOnLink.statusCode()).isEqualTo(302);
        assertThat(operatorOnLink.headers().firstValue("Location").orElseThrow()).endsWith("/oauth2/authorization/confirm");
        var card = agent.get("/users/" + DemoPeople.ADELE.id());
        var crafted = agent.postFrom(card, "/confirm/" + token, Map.of("answer", "confirm", "how", "trust me"));
        assertThat(crafted.statusCode()).isNotEqualTo(200);
        assertThat(state(DemoPeople.ADELE.id())).isEqualTo("asked");
    }

    @Test
    void noManagerToAskAndAnOrganisationalContactCannotBeAsked() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        // Lee Gu has no manager
        var lee = agent.get("/users/" + DemoPeople.id(4));
        assertThat(lee.body()).contains("id=\"ask-no-manager\"").doesNotContain("id=\"ask-form\"");
        var crafted = agent.postFrom(lee, "/users/" + DemoPeople.id(4) + "/ask-manager",
                Map.of("ticket", "INC-4711", "lifetimeMinutes", "60"));
        assertThat(crafted.statusCode()).isEqualTo(409);
        assertThat(crafted.body()).contains("id=\"ask-problem\"");

        STACK.graph().state().contactManager(DemoPeople.ADELE.id());
        var adele = agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(adele.body()).contains("id=\"ask-no-manager\"").doesNotContain("id=\"ask-form\"");
        assertThat(agent.postFrom(adele, "/users/" + DemoPeople.ADELE.id() + "/ask-manager",
                Map.of("ticket", "INC-4711", "lifetimeMinutes", "60")).statusCode()).isEqualTo(409);
        assertThat(STACK.graph().state().outbox().all()).isEmpty();

        var invalid = agent.postFrom(adele, "/users/" + DemoPeople.ADELE.id() + "/ask-manager",
                Map.of("ticket", "no ticket", "lifetimeMinutes", "sixty"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("id=\"ask-error-ticket\"").contains("id=\"ask-error-lifetimeMinutes\"");
    }

    @Test
    void theConfirmationPagesSpeakDutch() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        WebSession patti = session();
        patti.cookieStore().add(URI.create(STACK.appUrl()), dutch());
        var login = patti.get("/confirm/" + token);
        var page = patti.submit(login, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.PATTI.username(), "password", DemoOperators.PATTI.password()));
        assertThat(WebSession.text(page, "confirm-heading")).isEqualTo("Zijn zij het echt?");
        assertThat(page.body()).contains("Dit klopt niet");
    }

    @Test
    void theCardsPollDoesNotKeepTheSignInAlive() throws InterruptedException {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String id = new String(Base64.getDecoder().decode(agent.cookie("SESSION")));
        long lastUse = lastAccess(id);
        Thread.sleep(5);
        for (int i = 0; i < 3; i++) {
            assertThat(agent.getJson("/users/" + DemoPeople.ADELE.id() + "/ask-manager/state").body()).isEqualTo("{\"state\":\"asked\"}");
        }
        assertThat(lastAccess(id)).as("the poll is no use of the session").isEqualTo(lastUse);
        agent.get("/users/" + DemoPeople.ADELE.id());
        assertThat(lastAccess(id)).as("a page is").isGreaterThan(lastUse);
        // someone else's poll about a person they never asked about
        assertThat(agent.getJson("/users/" + DemoPeople.MEGAN.id() + "/ask-manager/state").body()).isEqualTo("{\"state\":\"none\"}");
    }

    private long lastAccess(String sessionId) {
        return sql.sql("select last_access_time from spring_session where session_id = ?").param(sessionId).query(Long.class).single();
    }

    @Test
    void anonymousTrafficToTheConfirmationAppLeavesNoSession() {
        long since = System.currentTimeMillis();
        String link = "/confirm/" + "B".repeat(43);
        for (int i = 0; i < 10; i++) {
            WebSession visitor = session();
            var page = visitor.getRaw(link);
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).hasValue(STACK.appUrl() + "/oauth2/authorization/confirm");
            // a forged answer is not taken: back to the question's page (which asks for the sign-in), nothing stored
            var forged = visitor.postRaw(link, Map.of("_csrf", "forged", "answer", "confirm", "how", "bot"));
            assertThat(forged.statusCode()).isEqualTo(302);
            assertThat(forged.headers().firstValue("Location")).hasValue(STACK.appUrl() + link);
            assertThat(visitor.getRaw("/oauth2/authorization/confirm").headers().firstValue("Location").orElseThrow())
                    .startsWith(STACK.issuer() + "/oauth2/authorize").contains("client_id=tapdesk-confirm");
        }
        assertThat(sql.sql("select count(*) from spring_session where creation_time >= ?").param(since).query(Long.class).single())
                .isZero();
    }

    @Test
    void theAuditPageSaysEveryStepInWords() {
        WebSession agent = session();
        agent.signIn(DemoOperators.HELPDESK);
        ask(agent, DemoPeople.ADELE.id());
        String token = token(onlyMessage());
        String code = code(onlyMessage());
        managerOpens(DemoOperators.ALEX, token);
        WebSession patti = managerOpens(DemoOperators.PATTI, token);
        patti.postFrom(patti.last(), "/confirm/" + token, Map.of("answer", "confirm", "how", "I'm next to them"));

        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);
        String page = org.unbescape.html.HtmlEscape.unescapeHtml(auditor.get("/audit").body());
        assertThat(page).contains("Ask the manager").contains("Asked Patti Fernandez via Teams, code " + code + ".")
                .contains("Manager's answer").contains("Refused at opening the link: the signed-in user is not the person's manager")
                .contains("Confirmed who is calling, for helpdesk@contoso.test.")
                .doesNotContain("manager-asked").doesNotContain("manager-refused").doesNotContain("manager-confirmed");
        auditor.submit(auditor.get("/"), "/preferences/language", Map.of("lang", "nl", "returnTo", "/audit"));
        String dutch = org.unbescape.html.HtmlEscape.unescapeHtml(auditor.get("/audit").body());
        assertThat(dutch).contains("De manager gevraagd").contains("Patti Fernandez gevraagd via Teams, code " + code + ".")
                .contains("Geweigerd bij het openen van de link: de aangemelde gebruiker is niet de manager van de persoon");
    }

    private static HttpCookie dutch() {
        HttpCookie cookie = new HttpCookie("tapdesk_lang", "nl");
        cookie.setPath("/");
        cookie.setVersion(0);
        return cookie;
    }
}
