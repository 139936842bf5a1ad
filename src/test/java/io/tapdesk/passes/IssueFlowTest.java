package io.tapdesk.passes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.limits.RateLimits;
import io.tapdesk.security.Operator;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import io.tapdesk.web.FailureExplainer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople.Person;
import tapdesk.demo.DemoPeople;

/** Issuing and revoking over HTTP against the stateful Graph stand-in, including every failing person. */
class IssueFlowTest extends StackTest {

    @Autowired
    RateLimits rateLimits;


    static Map<String, String> form(HttpResponse<String> card, String lifetime) {
        return Map.of("issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", lifetime, "oneTime", "true",
                "ticket", "INC-1001", WebSession.CHECKED, "low");
    }

    HttpResponse<String> issue(WebSession web, Person person, String lifetime) {
        var card = web.get("/users/" + person.id());
        assertThat(card.statusCode()).isEqualTo(200);
        return web.postFrom(card, "/users/" + person.id() + "/passes", form(card, lifetime));
    }

    @Test
    void thePassIsTheAnswerToThePostShownOnceAndAResendIssuesNothing() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        STACK.graph().state().nextPassValue("Kx7$mQ+2");
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.body()).contains("No pass.");
        Map<String, String> fields = form(card, "60");

        var shown = web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", fields);

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tap-value\"").contains("Kx7$mQ+2").contains("My Security Info");
        // a browser's page translation must not rewrite the pass (nor send it to a translation service)
        assertThat(shown.body()).containsPattern("<code id=\"tap-value\"[^>]*\\btranslate=\"no\"[^>]*>Kx7\\$mQ\\+2</code>");
        assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(shown.uri().getPath()).isEqualTo("/users/" + DemoPeople.ADELE.id() + "/passes");

        // reload = the same POST again: token spent, nothing new, and the value is not shown
        var resent = web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", fields);
        assertThat(resent.statusCode()).isEqualTo(409);
        assertThat(resent.body()).contains("no longer shown").contains("Usable until").doesNotContain("Kx7$mQ+2")
                .doesNotContain("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isEqualTo(1);

        var after = web.get("/users/" + DemoPeople.ADELE.id());
        assertThat(after.body()).contains("Usable until").contains("One sign-in only").doesNotContain("Kx7$mQ+2");
    }

    @Test
    void aTokenMintedForOnePersonCannotIssueForAnother() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var card = web.get("/users/" + DemoPeople.ADELE.id());

        var other = web.postFrom(card, "/users/" + DemoPeople.MEGAN.id() + "/passes", form(card, "60"));

        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(STACK.graph().state().createAttempts(DemoPeople.MEGAN.id())).isZero();
    }

    @Test
    void formErrorsStayOnTheFormNextToTheField() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        String token = WebSession.field(card, "issueToken");
        String path = "/users/" + DemoPeople.ADELE.id() + "/passes";

        var notNumber = web.postFrom(card, path, Map.of("issueToken", token, "lifetimeMinutes", "sixty", "oneTime", "true"));
        assertThat(notNumber.statusCode()).isEqualTo(400);
        assertThat(notNumber.body()).contains("id=\"issue-lifetime-error\"").contains("whole number of minutes");

        var past = web.postFrom(card, path, Map.of("issueToken", token, "lifetimeMinutes", "60",
                "startDate", "2020-01-01", "startTime", "09:00"));
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("id=\"issue-start-error\"").contains("in the past");

        var oddBoolean = web.postFrom(card, path, Map.of("issueToken", token, "lifetimeMinutes", "60", "oneTime", "yes"));
        assertThat(oddBoolean.statusCode()).isEqualTo(400);
        assertThat(oddBoolean.body()).contains("ticked or left empty");

        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
        // the form kept its still-unspent token, so the corrected form works
        var fixed = web.postFrom(past, path, Map.of("issueToken", WebSession.field(past, "issueToken"), "lifetimeMinutes", "60",
                "oneTime", "true", "ticket", "INC-1001", WebSession.CHECKED, "medium"));
        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(fixed.body()).contains("id=\"tap-value\"").contains("One sign-in only");
    }

    @Test
    void aLaterStartIsSentAsUtcAndShownInTheOperatorsZone() {
        WebSession web = session();
        var home = web.signIn(DemoOperators.HELPDESK);
        web.submit(home, "/preferences/time-zone", Map.of("zone", "Europe/Amsterdam", "returnTo", "/"));
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        // days ahead on the business clock, which the app checks "not in the past" against
        var tomorrow = java.time.LocalDate.now(DemoClock.shared().withZone(java.time.ZoneId.of("Europe/Amsterdam"))).plusDays(2);

        var shown = web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", Map.of(
                "issueToken", WebSession.field(card, "issueToken"), "lifetimeMinutes", "120", "oneTime", "true",
                "startDate", tomorrow.toString(), "startTime", "09:30", "ticket", "INC-1001", WebSession.CHECKED, "low"));

        assertThat(shown.statusCode()).isEqualTo(200);
        var start = STACK.graph().state().pass(DemoPeople.ADELE.id()).orElseThrow().start();
        assertThat(start).isEqualTo(tomorrow.atTime(9, 30).atZone(java.time.ZoneId.of("Europe/Amsterdam")).toInstant());
        assertThat(shown.body()).contains("Not yet valid").contains("09:30 Europe/Amsterdam").contains("11:30 Europe/Amsterdam");
    }

    @Test
    void lifetimeOutsideThePolicyIsAFormErrorWithThePolicysRange() {
        WebSession web = session();
        web.signIn(DemoOperators.ADMIN);

        var page = issue(web, DemoPeople.ADELE, "600");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"issue-lifetime-error\"").contains("allows 60 to 480 minutes");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
    }

    @Test
    void whenThePolicyChangedSinceItWasReadGraphsRangeIsShown() {
        WebSession web = session();
        web.signIn(DemoOperators.ADMIN);
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        STACK.graph().state().policy(new tapdesk.demo.graph.StandInState.Policy(true, 60, 200, 60, 8, false));

        var page = web.postFrom(card, "/users/" + DemoPeople.ADELE.id() + "/passes", form(card, "230"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("between 60 and 200 minutes").contains("id=\"issue-form\"");
    }

    @Test
    void everyFailingPersonGetsAClearMessage() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        // Graph's own 403 for an Authentication Administrator: the person is protected (a restricted unit)
        var henrietta = web.get("/users/" + DemoPeople.HENRIETTA.id());
        assertThat(henrietta.statusCode()).isEqualTo(200);
        assertThat(henrietta.body()).contains("Microsoft Entra refused").contains("Henrietta Mueller");
        // no form is offered (the card says no pass can be issued); a crafted POST without a token gets the reason
        assertThat(henrietta.body()).doesNotContain("id=\"issue-form\"");
        var refused = web.issueFromCard(DemoPeople.HENRIETTA.id(), Map.of("lifetimeMinutes", "60", "oneTime", "true",
                "ticket", "INC-1001", WebSession.CHECKED, "low"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Privileged Authentication Administrator").contains("request-id");

        var nestor = web.get("/users/" + DemoPeople.NESTOR.id());
        assertThat(nestor.statusCode()).isEqualTo(404);
        assertThat(nestor.body()).contains("This person was not found").contains("Request_ResourceNotFound");

        var before = rateLimits.left(DemoOperators.HELPDESK.objectId(), DemoPeople.LYNNE.id());
        var lynne = issue(web, DemoPeople.LYNNE, "60");
        assertThat(lynne.statusCode()).isEqualTo(409);
        assertThat(lynne.body()).contains("policy does not allow a pass");
        // Graph made nothing: neither the agent's hourly nor Lynne's daily allowance is spent (phone walk of #13)
        assertThat(rateLimits.left(DemoOperators.HELPDESK.objectId(), DemoPeople.LYNNE.id())).isEqualTo(before);


        var lidia = web.get("/users/" + DemoPeople.LIDIA.id());
        assertThat(lidia.body()).contains("Microsoft Graph is busy").contains("Try again in 2 seconds");

        policyReadBeforeIrvinWasExcluded(web);
        var irvin = issue(web, DemoPeople.IRVIN, "60");
        assertThat(irvin.statusCode()).isEqualTo(200);
        assertThat(irvin.body()).contains("id=\"disabled-warning\"");
    }

    @Test
    void graphsSelfServiceRefusalIsExplainedToo() {
        // TapDesk refuses self-issue itself (GuardrailsTest); Graph's own refusal has its words as well
        var failure = new GraphFailure(GraphFailure.Kind.SELF_SERVICE, 403, "accessDenied",
                "rid", "cid", null, null, null);
        assertThat(explainer.explain(failure, Operator.from(null)).headline())
                .contains("cannot issue a pass to yourself");
    }

    @org.springframework.beans.factory.annotation.Autowired
    FailureExplainer explainer;

    @Test
    void aCreateThatSucceedsThenDropsTheConnectionSaysTheOutcomeIsUnknownAndIsNotResent() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        var page = issue(web, DemoPeople.DEBRA, "60");

        assertThat(page.statusCode()).isEqualTo(504);
        assertThat(page.body()).contains("id=\"unknown-heading\"").contains("did not send the request again")
                .contains("Usable until").doesNotContain("id=\"tap-value\"");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.DEBRA.id())).isEqualTo(1);
        assertThat(STACK.graph().state().pass(DemoPeople.DEBRA.id())).isPresent();
    }

    @Test
    void a503Or504OnCreateIsNotResentAndShowsTheCurrentStatus() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        var miriam = issue(web, DemoPeople.MIRIAM, "60");
        assertThat(miriam.statusCode()).isEqualTo(503);
        assertThat(miriam.body()).contains("id=\"unknown-heading\"").contains("No pass.");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.MIRIAM.id())).isEqualTo(1);

        var christie = issue(web, DemoPeople.CHRISTIE, "60");
        assertThat(christie.statusCode()).isEqualTo(503);
        assertThat(christie.body()).contains("id=\"unknown-heading\"").contains("Usable until");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.CHRISTIE.id())).isEqualTo(1);
    }

    @Test
    void adminRevokesAfterAConfirmationThatNamesThePerson() {
        WebSession web = session();
        web.signIn(DemoOperators.ADMIN);
        var card = web.get("/users/" + DemoPeople.MEGAN.id());
        assertThat(card.body()).contains("Usable until").contains("id=\"revoke-link\"");

        var confirm = web.get("/users/" + DemoPeople.MEGAN.id() + "/passes/revoke");
        assertThat(confirm.body()).contains("Revoke the pass of Megan Bowen?").contains("megan.bowen@contoso.test");
        var done = web.submit(confirm, "/users/" + DemoPeople.MEGAN.id() + "/passes/revoke",
                Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-902", "reason", "Pass read to the wrong caller"));

        assertThat(done.uri().getPath()).isEqualTo("/users/" + DemoPeople.MEGAN.id());
        assertThat(done.body()).contains("The pass was revoked.").contains("No pass.").doesNotContain("id=\"revoke-link\"");
        assertThat(STACK.graph().state().pass(DemoPeople.MEGAN.id())).isEmpty();

        // a second revoke of the same pass (an old tab) is harmless and says so
        var again = web.submit(confirm, "/users/" + DemoPeople.MEGAN.id() + "/passes/revoke",
                Map.of("passId", WebSession.field(confirm, "passId"), "ticket", "INC-902", "reason", "Pass read to the wrong caller"));
        assertThat(again.body()).contains("already gone");
    }

    @Test
    void helpdeskSeesNoRevokeAndCannotPostOne() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var card = web.get("/users/" + DemoPeople.MEGAN.id());
        assertThat(card.body()).doesNotContain("id=\"revoke-link\"");

        var refused = web.postFrom(card, "/users/" + DemoPeople.MEGAN.id() + "/passes/revoke", Map.of("passId", "x"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(STACK.graph().state().pass(DemoPeople.MEGAN.id())).isPresent();
    }

    @Test
    void statusFollowsGraphsClock() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        assertThat(web.get("/users/" + DemoPeople.MEGAN.id()).body()).contains("Usable until");

        STACK.graph().state().advanceClock(Duration.ofHours(3));
        assertThat(web.get("/users/" + DemoPeople.MEGAN.id()).body()).contains("Expired at");

        STACK.graph().state().markUsed(DemoPeople.MEGAN.id());
        assertThat(web.get("/users/" + DemoPeople.MEGAN.id()).body()).contains("signed in with");
    }

    @Test
    void searchFindsPeopleAndValidatesTheQuery() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        var found = web.get("/?q=meg");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("Megan Bowen").contains("megan.bowen@contoso.test").doesNotContain("Adele Vance");
        var byWord = web.get("/?q=vance");
        assertThat(byWord.body()).contains("Adele Vance");
        var guest = web.get("/?q=pradeep");
        assertThat(guest.body()).contains("External guest");
        assertThat(web.get("/?q=johanna").body()).contains("Internal guest");

        var tooShort = web.get("/?q=a");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("id=\"search-q-error\"").contains("at least 2 characters");
        var quotes = web.get("/?q=%22x%22%20OR");
        assertThat(quotes.statusCode()).isEqualTo(400);
        assertThat(quotes.body()).contains("quotation marks");
        var nobody = web.get("/?q=zzzz");
        assertThat(nobody.body()).contains("id=\"no-results\"");
    }

    @Test
    void unknownRoutesAndIdsAreA404Page() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);

        var badId = web.get("/users/not-a-guid");
        assertThat(badId.statusCode()).isEqualTo(404);
        assertThat(badId.body()).contains("This page does not exist").doesNotContain("Whitelabel").doesNotContain("Exception");
        var nowhere = web.get("/nowhere");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("This page does not exist");
    }
}
