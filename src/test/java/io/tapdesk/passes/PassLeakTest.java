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
import io.tapdesk.verification.Incidents;
import io.tapdesk.verification.Party;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * The pass value is a credential. After a full flow with a known value, it is in exactly one place: the body of the
 * response to the issuing POST. Not in any log line (at DEBUG), any URL, header or later page, the session tables,
 * nor the audit trail in PostgreSQL. The same for its spelled form (the reading aid next to the value), which is the
 * pass too. Nor in the notices the flow sent: neither in the outbox in PostgreSQL nor in any mail Graph received.
 */
class PassLeakTest extends StackTest {

    static final String VALUE = "Lk9$Xq+Zp2!w";
    /** {@link #VALUE} as the English pass page spells it. */
    static final String SPELLED = "capital L, lower-case k, digit nine, dollar sign, capital X, lower-case q, plus sign, "
            + "capital Z, lower-case p, digit two, exclamation mark, lower-case w";

    /** The issue's own example: letters and digits that look alike, and two symbols. */
    static final String LOOKALIKES = "lI1O0o+$";
    static final Map<String, String> LOOKALIKES_SPELLED = Map.of(
            "en", "lower-case l, capital I, digit one, capital O, digit zero, lower-case o, plus sign, dollar sign",
            "nl", "kleine letter l, hoofdletter I, cijfer een, hoofdletter O, cijfer nul, kleine letter o, plusteken, dollarteken");

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
                "oneTime", "true", "ticket", "INC-777", WebSession.CHECKED, "low");
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
        admin.submit(confirm, "/users/" + DemoPeople.ADELE.id() + "/passes/revoke", Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-901", "reason", "done"));

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(admin.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
    }

    @org.springframework.beans.factory.annotation.Autowired
    Incidents incidents;

    /**
     * Issue 17: the manager says "This is not right" after a pass was issued. The card with the fence, the Approvers'
     * banner, the Admin's start page and the lift show neither the value nor its spelling, and no fence row holds them.
     */
    @Test
    void thePassValueIsInNoIncidentPageAndNoFenceRow() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        String cardPath = "/users/" + DemoPeople.ADELE.id();
        var card = helpdesk.get(cardPath);
        var shown = helpdesk.postFrom(card, cardPath + "/passes", Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-778", WebSession.CHECKED, "low"));
        assertThat(shown.body()).as("the pass page shows the value").contains(VALUE);

        incidents.report(new Party("7d0c8e35-0a51-4c1e-9c5f-00000000a001", "miriam.manager@contoso.test", "Miriam Manager"),
                new Party(DemoPeople.ADELE.id(), DemoPeople.ADELE.userPrincipalName(), DemoPeople.ADELE.displayName()),
                new Party(DemoOperators.HELPDESK.objectId(), "helpdesk@contoso.test", DemoOperators.HELPDESK.displayName()),
                "INC-778", "203.0.113.9", "This was not her.");
        assertThat(helpdesk.get(cardPath).body()).contains("id=\"fence\"");
        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        assertThat(approver.get("/approvals").body()).contains("id=\"incident-banner\"");
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var fenced = admin.get(cardPath);
        assertThat(admin.postFrom(fenced, cardPath + "/fence/lift", Map.of()).statusCode()).isEqualTo(400);
        assertThat(admin.submit(fenced, cardPath + "/fence/lift", Map.of("reason", "Called back: genuine")).body())
                .contains("id=\"notice\"");

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(approver.responses());
        responses.addAll(admin.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        List<String> fences = sql.sql("select * from person_fence").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(fences).as("the incident was stored").isNotEmpty();
        assertThat(fences).noneSatisfy(row -> assertThat(row).contains(VALUE));
        assertThat(fences).noneSatisfy(row -> assertThat(row).contains(SPELLED));
    }

    /**
     * Issue 17, "ask the manager": the agent asks, the manager confirms through the confirmation app, the agent issues
     * with that check, then asks again. No question (Teams or mail), no confirmation page of the manager's and no row of
     * {@code manager_confirmation} or {@code caller_check} holds the value or its spelling.
     */
    @Test
    void thePassValueIsInNoQuestionToTheManagerAndNoneOfTheirPages() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        String cardPath = "/users/" + DemoPeople.ADELE.id();

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var card = helpdesk.get(cardPath);
        helpdesk.follow(helpdesk.postFrom(card, cardPath + "/ask-manager", Map.of("ticket", "INC-781", "lifetimeMinutes", "60", "oneTime", "true")));
        WebSession patti = session();
        var page = managerOpensTheLink(patti, questions().get(0).body());
        patti.postFrom(page, page.uri().getPath(), Map.of("answer", "confirm", "how", "I'm next to them"));

        card = helpdesk.get(cardPath);
        var shown = helpdesk.postFrom(card, cardPath + "/passes", Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-781"));
        assertThat(shown.body()).as("issued with the manager's confirmation").contains(VALUE);

        // after the pass: a second question, and the manager's pages about it
        card = helpdesk.get(cardPath);
        helpdesk.follow(helpdesk.postFrom(card, cardPath + "/ask-manager", Map.of("ticket", "INC-782", "lifetimeMinutes", "60")));
        page = managerOpensTheLink(patti, questions().get(1).body());
        patti.postFrom(page, page.uri().getPath(), Map.of("answer", "confirm", "how", "Still next to them"));

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(patti.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        assertThat(questions()).hasSize(2);
        // the questions, and whatever else went out meanwhile (the notice of the pass)
        assertThat(STACK.graph().state().outbox().all()).allSatisfy(message -> {
            assertThat(message.text()).doesNotContain(VALUE).doesNotContain(SPELLED);
        });
        for (String table : List.of("manager_confirmation", "caller_check")) {
            List<String> rows = sql.sql("select * from " + table).query().listOfRows().stream().map(Object::toString).toList();
            assertThat(rows).as(table).isNotEmpty().noneSatisfy(row -> assertThat(row).contains(VALUE));
            assertThat(rows).as(table).noneSatisfy(row -> assertThat(row).contains(SPELLED));
        }
    }

    /**
     * Issue 18, "Get verified": the agent starts it, the caller types the code on the public page, the wallet presents,
     * the agent issues with the high check, then starts again and the caller opens the public page once more. No public
     * page, no callback answer, no row of {@code verified_id_session} or {@code caller_check} and nothing the Request
     * Service was sent holds the value or its spelling.
     */
    @Test
    void thePassValueIsInNoVerifiedIdPageCallbackOrRequest() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        String cardPath = "/users/" + DemoPeople.ADELE.id();
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("id=\"vid-code-value\">([0-9 ]{9})<");

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        WebSession caller = session();
        var card = helpdesk.follow(helpdesk.postFrom(helpdesk.get(cardPath), cardPath + "/verified-id", Map.of()));
        var m = code.matcher(card.body());
        assertThat(m.find()).isTrue();
        caller.get("/public/verified-id");
        caller.postRaw("/public/verified-id", Map.of("code", m.group(1)));
        var wallet = new tapdesk.demo.verifiedid.DemoWallet(STACK.verifiedId().latest().orElseThrow());
        assertThat(wallet.retrieved()).isEqualTo(200);
        assertThat(wallet.verified(DemoPeople.ADELE.userPrincipalName(), 88.8)).isEqualTo(200);

        card = helpdesk.get(cardPath);
        var shown = helpdesk.postFrom(card, cardPath + "/passes", Map.of("issueToken", WebSession.field(card, "issueToken"),
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-1818"));
        assertThat(shown.body()).as("issued with the Verified ID check").contains(VALUE);

        // after the pass: a second session, its public page, and a callback the session refuses (not yet retrieved)
        card = helpdesk.follow(helpdesk.postFrom(helpdesk.get(cardPath), cardPath + "/verified-id", Map.of()));
        m = code.matcher(card.body());
        assertThat(m.find()).isTrue();
        caller.postRaw("/public/verified-id", Map.of("code", m.group(1)));
        var second = new tapdesk.demo.verifiedid.DemoWallet(STACK.verifiedId().latest().orElseThrow());
        assertThat(second.verified(DemoPeople.ADELE.userPrincipalName(), 88.8)).isEqualTo(409);

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(caller.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        assertThat(STACK.verifiedId().latest().orElseThrow().body().toString()).doesNotContain(VALUE).doesNotContain(SPELLED);
        for (String table : List.of("verified_id_session", "caller_check")) {
            List<String> rows = sql.sql("select * from " + table).query().listOfRows().stream().map(Object::toString).toList();
            assertThat(rows).as(table).isNotEmpty().noneSatisfy(row -> assertThat(row).contains(VALUE));
            assertThat(rows).as(table).noneSatisfy(row -> assertThat(row).contains(SPELLED));
        }
    }

    /**
     * Issue 19, hand-over: the agent hands the pass to the manager, the link goes out (outbox mail, Teams), the manager
     * picks it up. The value is on the pickup POST's answer only: not on the agent's pages, the pickup page, a reload, a
     * second POST, nor in the link messages, the hand-over rows, the outbox, the audit trail, sessions or logs.
     */
    @Test
    void theHandedOverPassAppearsOnlyOnThePickupAnswer() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        String cardPath = "/users/" + DemoPeople.ADELE.id();

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var made = helpdesk.issueFromCard(DemoPeople.ADELE.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-1919", "recipient", "manager", WebSession.CHECKED, "low"));
        assertThat(made.statusCode()).isEqualTo(201);
        String token = HandOverTest.link();
        WebSession patti = session();
        var page = patti.get("/confirm/pickup/" + token);
        page = patti.submit(page, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.PATTI.username(), "password", DemoOperators.PATTI.password()));
        assertThat(page.body()).contains("id=\"pickup-form\"");
        var shown = patti.postFrom(page, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.body()).as("the pickup answer shows the value").contains(VALUE);

        // after the pickup: a reload, a second POST, the agent's card
        patti.get("/confirm/pickup/" + token);
        patti.postFrom(page, "/confirm/pickup/" + token, Map.of());
        helpdesk.get(cardPath);

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(patti.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        assertThat(STACK.graph().state().outbox().all()).as("the link went out").anySatisfy(m -> assertThat(m.body()).contains("/confirm/pickup/"));
        List<String> rows = sql.sql("select * from hand_over").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(rows).isNotEmpty().noneSatisfy(row -> assertThat(row).contains(VALUE))
                .noneSatisfy(row -> assertThat(row).contains(SPELLED)).noneSatisfy(row -> assertThat(row).contains(token));
    }

    /**
     * Issue 19, hand-over through four eyes: a multi-use pass (approval required) handed to the manager is stored as a
     * request carrying its recipient, approved by a second person, issued by the requester (which makes the hand-over,
     * no pass), and picked up by the manager: one pass, its value on the pickup POST's answer only, never on the
     * requester's or the approver's pages, nor in the request, the hand-over, the outbox, the audit trail or the logs.
     */
    @Test
    void aHandOverThroughApprovalShowsThePassOnlyOnThePickupAnswer() {
        STACK.graph().state().nextPassValue(VALUE);
        int logLinesBefore = CapturedLogs.lines().size();
        String adele = DemoPeople.ADELE.id();

        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        var stored = helpdesk.issueFromCard(adele, Map.of("lifetimeMinutes", "60", "ticket", "INC-1922",
                "recipient", "manager", WebSession.CHECKED, "medium"));
        assertThat(stored.statusCode()).as("a multi-use hand-over waits for approval").isEqualTo(302);
        String location = stored.headers().firstValue("Location").orElseThrow();
        String id = location.replaceAll(".*/requests/([0-9]+).*", "$1");
        assertThat(sql.sql("select recipient_kind from approval_request where id = ?").param(Long.parseLong(id))
                .query(String.class).single()).isEqualTo("manager");
        assertThat(sql.sql("select count(*) from hand_over where ticket = 'INC-1922'").query(Integer.class).single())
                .as("nothing handed over before the approval").isZero();

        WebSession approver = session();
        approver.signIn(DemoOperators.APPROVER);
        assertThat(approver.get("/approvals/" + id).body()).contains("id=\"request-handover\"")
                .contains("Hand-over to the manager (Patti Fernandez)");
        approve(approver, id, "Manager on Teams");
        var status = helpdesk.get("/requests/" + id);
        var handed = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(201);
        assertThat(handed.body()).contains("id=\"handover-sent\"").contains("Patti Fernandez");
        assertThat(STACK.graph().state().pass(adele)).as("no pass before the pickup").isEmpty();
        assertThat(sql.sql("select approval_request_id from hand_over where ticket = 'INC-1922'").query(Long.class).single())
                .isEqualTo(Long.parseLong(id));
        assertThat(sql.sql("select state from approval_request where id = ?").param(Long.parseLong(id))
                .query(String.class).single()).as("the approval is used").isEqualTo("issued");
        var twice = helpdesk.postFrom(status, "/requests/" + id + "/issue", Map.of());
        assertThat(twice.statusCode()).as("used once").isEqualTo(409);

        String token = HandOverTest.link();
        WebSession patti = session();
        var page = patti.get("/confirm/pickup/" + token);
        page = patti.submit(page, STACK.issuer() + "/login",
                Map.of("username", DemoOperators.PATTI.username(), "password", DemoOperators.PATTI.password()));
        assertThat(page.body()).contains("id=\"pickup-form\"");
        var shown = patti.postFrom(page, "/confirm/pickup/" + token, Map.of());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).as("the pickup answer shows the value").contains(VALUE);
        assertThat(STACK.graph().state().createAttempts(adele)).as("one pass").isEqualTo(1);
        patti.get("/confirm/pickup/" + token);
        helpdesk.get("/requests/" + id);
        approver.get("/approvals");

        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(approver.responses());
        responses.addAll(patti.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore);
        List<String> rows = sql.sql("select * from hand_over").query().listOfRows().stream().map(Object::toString).toList();
        rows = new java.util.ArrayList<>(rows);
        rows.addAll(sql.sql("select * from approval_request").query().listOfRows().stream().map(Object::toString).toList());
        assertThat(rows).isNotEmpty().noneSatisfy(row -> assertThat(row).contains(VALUE))
                .noneSatisfy(row -> assertThat(row).contains(SPELLED)).noneSatisfy(row -> assertThat(row).contains(token));
    }

    /** The questions to a manager the stand-in "sent", oldest first (the notices of passes go out there too). */
    private static List<tapdesk.demo.graph.StandInOutbox.Sent> questions() {
        return STACK.graph().state().outbox().all().stream().filter(m -> m.body().contains("/confirm/")).toList();
    }

    /** Patti opens the link in {@code message} in her own browser and signs in at the confirmation app. */
    private HttpResponse<String> managerOpensTheLink(WebSession patti, String message) {
        var link = java.util.regex.Pattern.compile("/confirm/[A-Za-z0-9_-]{43}").matcher(message);
        assertThat(link.find()).isTrue();
        var page = patti.get(link.group());
        if (page.uri().toString().startsWith(STACK.issuer() + "/login")) {
            page = patti.submit(page, STACK.issuer() + "/login",
                    Map.of("username", DemoOperators.PATTI.username(), "password", DemoOperators.PATTI.password()));
        }
        assertThat(page.body()).contains("id=\"confirm-form\"");
        return page;
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
                WebSession.CHECKED, "medium"));
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
        assertThat(requests).as("requests were stored").isNotEmpty().noneSatisfy(row -> assertThat(row).contains(VALUE))
                .noneSatisfy(row -> assertThat(row).contains(SPELLED));
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
        assertThat(requests).noneSatisfy(row -> assertThat(row).contains(VALUE)).noneSatisfy(row -> assertThat(row).contains(SPELLED));
    }

    /**
     * Issue 16: the value is spelled next to itself in the page's language, as text (never in an attribute), with the
     * expiry as the caller needs it and the one-time reminder; the spelled form is on that page only, like the value.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "en, UTC, 'Valid for 1 hour, until ', 'the person has 10 minutes to register'",
            "nl, Europe/Amsterdam, 'Geldig voor 1 uur, tot ', 'heeft de persoon 10 minuten om een aanmeldmethode'"})
    void thePassIsSpelledForReadingAloudAndTheSpellingAppearsOnlyOnThePassPage(String language, String zone,
                                                                               String validFor, String oneTime) {
        var state = STACK.graph().state();
        state.nextPassValue(LOOKALIKES);
        String spelled = LOOKALIKES_SPELLED.get(language);
        int logLinesBefore = CapturedLogs.lines().size();
        WebSession helpdesk = session();
        var home = helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.submit(home, "/preferences/language", Map.of("lang", language, "returnTo", "/"));
        helpdesk.submit(helpdesk.get("/"), "/preferences/time-zone", Map.of("zone", zone, "returnTo", "/"));
        String person = DemoPeople.ADELE.id();
        var card = helpdesk.get("/users/" + person);
        Map<String, String> form = Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", "INC-780", WebSession.CHECKED, "low");
        var shown = helpdesk.postFrom(card, "/users/" + person + "/passes", form);

        assertThat(shown.body()).contains("<html lang=\"" + language + "\"");
        assertThat(WebSession.text(shown, "tap-value")).isEqualTo(LOOKALIKES);
        assertThat(WebSession.text(shown, "tap-spelled")).as("spelled in the page's language").isEqualTo(spelled);
        assertThat(shown.body()).as("the spelled form is text, never an attribute's value")
                .doesNotContainPattern("=\"[^\"]*" + java.util.regex.Pattern.quote(spelled.substring(0, 20)));
        assertThat(shown.body().indexOf(spelled)).as("once").isEqualTo(shown.body().lastIndexOf(spelled));

        // the expiry in the operator's zone, the UTC time beside it only when that zone is not UTC
        java.time.ZoneId zoneId = java.time.ZoneId.of(zone);
        var hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        // from the pass Graph made (the stand-in starts it just before its create time: a minute's edge otherwise)
        var made = state.pass(person).orElseThrow();
        List<String> expected = java.util.stream.Stream.of(made.start()).map(t -> t.plus(java.time.Duration.ofMinutes(made.lifetimeMinutes())))
                .map(t -> hhmm.format(t.atZone(zoneId)) + " " + zone
                        + (zone.equals("UTC") ? "" : " (" + hhmm.format(t.atZone(java.time.ZoneOffset.UTC)) + " UTC)"))
                .toList();
        String validity = WebSession.text(shown, "tap-validity");
        assertThat(validity).startsWith(validFor).endsWith(".");
        assertThat(expected).as("until the pass's expiry: " + validity).anySatisfy(until -> assertThat(validity).endsWith(until + "."));
        assertThat(validity).doesNotContain("UTC (");
        assertThat(WebSession.text(shown, "one-time-reminder")).contains(oneTime);

        // everything after the pass page, as in the first flow
        helpdesk.postFrom(card, "/users/" + person + "/passes", form);
        helpdesk.get("/users/" + person);
        helpdesk.get("/?q=adele");
        helpdesk.submit(helpdesk.get("/"), "/logout", Map.of());
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);
        var confirm = admin.get("/users/" + person + "/passes/revoke");
        admin.submit(confirm, "/users/" + person + "/passes/revoke", Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-901", "reason", "done"));
        List<HttpResponse<String>> responses = new java.util.ArrayList<>(helpdesk.responses());
        responses.addAll(admin.responses());
        assertShownOnlyOn(shown, responses, logLinesBefore, LOOKALIKES, spelled);
        LOOKALIKES_SPELLED.values().forEach(any -> assertThat(responses).filteredOn(r -> r.body().contains(any))
                .as("pages spelling it in any language").allMatch(r -> r == shown));
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

        var replaced = admin.postFrom(confirm, path, Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-906",
                "reason", "Lost phone"));
        assertThat(replaced.statusCode()).isEqualTo(409);
        assertThat(replaced.body()).contains("id=\"revoke-replaced\"");
        admin.submit(replaced, path, Map.of("passId", WebSession.field(replaced, "passId"), "ticket", "INC-906",
                "reason", "Lost phone"));
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
                "lifetimeMinutes", "60", "oneTime", "true", "ticket", "INC-780", WebSession.CHECKED, "low"));
        form.putAll(more);
        return web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", form);
    }

    private static String multiUseRequest(WebSession requester, DemoPeople.Person person) {
        var card = requester.get("/users/" + person.id());
        var stored = requester.postFrom(card, "/users/" + person.id() + "/passes", Map.of("issueToken",
                WebSession.field(card, "issueToken"), "lifetimeMinutes", "60", "ticket", "INC-779", WebSession.CHECKED, "medium"));
        String location = stored.headers().firstValue("Location").orElseThrow();
        return location.replaceAll(".*/requests/([0-9]+).*", "$1");
    }

    void assertShownOnlyOn(HttpResponse<String> shown, List<HttpResponse<String>> responses, int logLinesBefore) {
        assertShownOnlyOn(shown, responses, logLinesBefore, VALUE, SPELLED);
        assertThat(responses).allSatisfy(r -> assertThat(r.uri().toString()).doesNotContain("Lk9"));
    }

    /** {@code value} and its {@code spelled} form are on the {@code shown} page and nowhere else. */
    void assertShownOnlyOn(HttpResponse<String> shown, List<HttpResponse<String>> responses, int logLinesBefore,
                           String value, String spelled) {
        assertShownOnlyOn(shown, responses, logLinesBefore, List.of(value, spelled));
    }

    void assertShownOnlyOn(HttpResponse<String> shown, List<HttpResponse<String>> responses, int logLinesBefore,
                           List<String> forms) {
        for (String form : forms) {
            assertShownOnlyOn(shown, responses, logLinesBefore, form);
        }
    }

    private void assertShownOnlyOn(HttpResponse<String> shown, List<HttpResponse<String>> responses, int logLinesBefore,
                                   String form) {
        assertThat(responses.stream().filter(r -> r.body().contains(form))).as("responses showing " + form)
                .containsExactly(shown);
        assertThat(responses).allSatisfy(r -> {
            // decoded too, so an encoded value is caught; not a fragment of it, which a random OAuth code may hold
            assertThat(URLDecoder.decode(r.uri().toString(), StandardCharsets.UTF_8)).doesNotContain(form);
            assertThat(r.uri().toString()).doesNotContain(URLEncoder.encode(form, StandardCharsets.UTF_8));
            assertThat(r.headers().map().toString()).doesNotContain(form);
        });
        assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        List<String> logs = CapturedLogs.lines().subList(logLinesBefore, CapturedLogs.lines().size());
        assertThat(logs).as("the capture saw this flow's log lines").hasSizeGreaterThan(50)
                .anySatisfy(line -> assertThat(line).contains("Pass ").contains("issued"));
        assertThat(logs).noneSatisfy(line -> assertThat(line).contains(form));

        List<String> audit = sql.sql("select * from audit_event").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(audit).as("the flow wrote audit rows").hasSizeGreaterThanOrEqualTo(4);
        assertThat(audit).noneSatisfy(row -> assertThat(row).contains(form));

        // sessions live in PostgreSQL (Spring Session JDBC): read every stored attribute's bytes
        List<String> session = sql.sql("select attribute_name, attribute_bytes from spring_session_attributes").query(
                (rs, n) -> rs.getString(1) + "=" + new String(rs.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1)).list();
        assertThat(session).as("sessions were stored").isNotEmpty()
                .anySatisfy(attribute -> assertThat(attribute).startsWith("SPRING_SECURITY_CONTEXT="));
        assertThat(session).noneSatisfy(attribute -> assertThat(attribute).contains(form));

        // the notices after the flow's passes: in PostgreSQL (the outbox and its jobs) and as Graph received them
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                !STACK.graph().state().outbox().all().isEmpty()
                        && sql.sql("select count(*) from outbox_message where state = 'queued'").query(Integer.class).single() == 0);
        List<String> outbox = sql.sql("select * from outbox_message").query().listOfRows().stream().map(Object::toString).toList();
        assertThat(outbox).as("the flow queued notices").isNotEmpty();
        assertThat(outbox).noneSatisfy(row -> assertThat(row).contains(form));
        List<String> jobs = sql.sql("select task_name, task_instance, task_data from scheduled_tasks").query(
                (rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + (rs.getBytes(3) == null ? ""
                        : new String(rs.getBytes(3), java.nio.charset.StandardCharsets.ISO_8859_1))).list();
        assertThat(jobs).noneSatisfy(job -> assertThat(job).contains(form));
        List<String> sent = STACK.graph().state().outbox().all().stream().map(m -> m.from() + " " + m.to() + " " + m.text()).toList();
        assertThat(sent).as("the stand-in received the flow's notices")
                .anySatisfy(message -> assertThat(message).contains("Temporary Access Pass"));
        assertThat(sent).noneSatisfy(message -> assertThat(message).contains(form));
    }

    /** The approver approves request {@code id} from its decide page (carrying what the page showed). */
    static void approve(WebSession approver, String id, String reason) {
        var page = approver.get("/approvals/" + id);
        approver.postFrom(page, "/approvals/" + id + "/approve", WebSession.decision(page, reason));
    }
}
