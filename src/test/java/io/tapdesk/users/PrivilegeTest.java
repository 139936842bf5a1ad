package io.tapdesk.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.StandInState.Read;

/**
 * Privilege fails closed (docs/graph.md §9): a privilege read that fails counts as privileged for every role; a role
 * on the second page of memberships, a PIM-eligible Global Administrator, an eligible member and an owner of a
 * role-assignable group each count as privileged, on the card and in the rules, in English and Dutch; a tenant
 * without a PIM licence has nobody eligible and says so; the PIM reads go app-only, never with the operator's token.
 */
class PrivilegeTest extends StackTest {

    @Autowired
    MessageSource messages;

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void aFailedMembershipReadMakesAnAdminsIssueNeedApprovalAndAHelpdesksRefused(String language) {
        var words = words(language);
        // as seen live: transitiveMemberOf answering 404 for a person who exists
        STACK.graph().state().fail(Read.MEMBERSHIPS, 404);
        WebSession admin = signedIn(DemoOperators.ADMIN, language);

        var card = admin.get("/users/" + DemoPeople.ADELE.id());
        words.shown(card, "card.privilege.unknown", "card.privilege.read.memberships", "approval.card.needs",
                "approval.reason.privilege-unknown");
        assertThat(card.body()).contains("id=\"privilege-unknown\"").doesNotContain("id=\"not-privileged\"");

        var issued = issue(admin, DemoPeople.ADELE);
        assertThat(issued.statusCode()).as("a request for approval, not a pass").isEqualTo(302);
        String request = issued.headers().firstValue("Location").orElseThrow();
        assertThat(request).contains("/requests/");
        words.shown(admin.get(request), "approval.reason.privilege-unknown");

        WebSession helpdesk = signedIn(DemoOperators.HELPDESK, language);
        var refused = issue(helpdesk, DemoPeople.ADELE);
        assertThat(refused.statusCode()).isEqualTo(503);
        words.shown(refused, "guard.privilege-unknown");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();

        // the demo's own person for it: Cameron White's memberships always answer 404
        STACK.graph().state().reset();
        words.shown(admin.get("/users/" + DemoPeople.CAMERON.id()), "card.privilege.unknown", "card.privilege.read.memberships",
                "approval.reason.privilege-unknown");
        assertThat(admin.get("/users/" + DemoPeople.ADELE.id()).body()).contains("id=\"not-privileged\"");
    }

    /** Who each new read makes privileged, the card's words for it, and the name they carry. */
    static final List<Found> FOUND = List.of(
            new Found(DemoPeople.RAUL, "card.privilege.role", "Exchange Administrator"),
            new Found(DemoPeople.ALLAN, "card.privilege.eligible-role", "Global Administrator"),
            new Found(DemoPeople.EMILY, "card.privilege.eligible-member", "Tier-0 Helpers"),
            new Found(DemoPeople.ENRICO, "card.privilege.owner", "Tier-0 Helpers"));

    record Found(DemoPeople.Person person, String key, String name) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void whatTheNewReadsFindCountsAsPrivilegedOnTheCardAndInTheRules(String language) {
        var words = words(language);
        WebSession admin = signedIn(DemoOperators.ADMIN, language);

        for (Found found : FOUND) {
            var card = admin.get("/users/" + found.person().id());
            words.shown(card, "card.privilege.yes", found.key(), "card.privilege.eligibility.checked", "approval.card.needs",
                    "approval.reason.privileged");
            assertThat(card.body()).as(found.person().displayName())
                    .contains(words.format(found.key(), found.name())).doesNotContain("id=\"privilege-unknown\"");

            var issued = issue(admin, found.person());
            assertThat(issued.statusCode()).as("%s: a request for approval, not a pass", found.person().displayName()).isEqualTo(302);
            words.shown(admin.get(issued.headers().firstValue("Location").orElseThrow()), "approval.reason.privileged");
            assertThat(STACK.graph().state().createAttempts(found.person().id())).isZero();
        }
    }

    @Test
    void theRoleOnPageTwoWasReadOnPageTwo() {
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);

        // a first card warms up what a JVM loads once (this test may run first on a busy machine)
        admin.get("/users/" + DemoPeople.ADELE.id());
        long before = membershipReads();

        assertThat(admin.get("/users/" + DemoPeople.RAUL.id()).body()).contains("Active directory role: Exchange Administrator");
        // four memberships at two a page: the stand-in was asked twice
        assertThat(membershipReads() - before).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void aTenantWithoutPimLicenceHasNobodyEligibleAndSaysSo(String language) {
        var words = words(language);
        STACK.graph().state().pimLicensed(false);
        WebSession admin = signedIn(DemoOperators.ADMIN, language);

        for (var person : List.of(DemoPeople.ALLAN, DemoPeople.EMILY)) {
            var card = admin.get("/users/" + person.id());
            words.shown(card, "card.privilege.no", "card.privilege.eligibility.no-pim-licence");
            assertThat(card.body()).doesNotContain("id=\"privilege-unknown\"").doesNotContain("id=\"approval-needed\"");
        }
        // ownership is no PIM matter
        words.shown(admin.get("/users/" + DemoPeople.ENRICO.id()), "card.privilege.owner", "card.privilege.eligibility.no-pim-licence");

        var issued = issue(admin, DemoPeople.ALLAN);
        assertThat(issued.statusCode()).as("issued at once: nothing makes Allan privileged without PIM").isEqualTo(200);
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ALLAN.id())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} answering {1}")
    @CsvSource({
            "ROLE_ELIGIBILITY, 500, card.privilege.read.eligible-roles",
            "ROLE_ELIGIBILITY, 400, card.privilege.read.eligible-roles",
            "GROUP_ELIGIBILITY, 403, card.privilege.read.eligible-groups",
            "OWNED_OBJECTS, 500, card.privilege.read.owned-groups",
    })
    void anyOtherFailureOfAPrivilegeReadCountsAsPrivileged(Read read, int status, String key) {
        var words = words("en");
        STACK.graph().state().fail(read, status);
        WebSession admin = signedIn(DemoOperators.ADMIN, "en");

        var card = admin.get("/users/" + DemoPeople.ADELE.id());
        words.shown(card, "card.privilege.unknown", key, "approval.reason.privilege-unknown");
        if (status == 403) {
            // a refused app-only read is about the app registration, not the operator's roles
            words.shown(card, "graph.access-denied.app-only.headline");
        }
        assertThat(issue(admin, DemoPeople.ADELE).statusCode()).as("a request for approval").isEqualTo(302);

        WebSession helpdesk = signedIn(DemoOperators.HELPDESK, "en");
        var refused = issue(helpdesk, DemoPeople.ADELE);
        assertThat(refused.statusCode()).isEqualTo(503);
        words.shown(refused, "guard.privilege-unknown");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
    }

    @Test
    void theEligibilityReadsNeverCarryTheOperatorsToken() {
        WebSession helpdesk = session();
        helpdesk.signIn(DemoOperators.HELPDESK);
        WebSession admin = session();
        admin.signIn(DemoOperators.ADMIN);

        helpdesk.get("/users/" + DemoPeople.ALLAN.id());
        admin.get("/users/" + DemoPeople.EMILY.id());

        Set<String> operators = Set.of(DemoOperators.HELPDESK.objectId(), DemoOperators.ADMIN.objectId());
        var callers = STACK.graph().state().readCallers();
        var pim = callers.stream().filter(c -> c.read() == Read.ROLE_ELIGIBILITY || c.read() == Read.GROUP_ELIGIBILITY).toList();
        assertThat(pim).extracting(c -> c.read()).contains(Read.ROLE_ELIGIBILITY, Read.GROUP_ELIGIBILITY);
        assertThat(pim).allSatisfy(c -> {
            assertThat(c.appOnly()).as("app-only token (idtyp app)").isTrue();
            assertThat(c.objectId()).isNotIn(operators);
            assertThat(c.directoryRoles()).isEmpty();
        });
        // the delegated reads did carry the operators' tokens: the stand-in tells them apart
        assertThat(callers).filteredOn(c -> c.read() == Read.MEMBERSHIPS)
                .extracting(c -> c.objectId()).containsExactlyInAnyOrderElementsOf(operators);
    }

    private static long membershipReads() {
        return STACK.graph().state().readCallers().stream().filter(c -> c.read() == Read.MEMBERSHIPS).count();
    }

    private SpecialPeopleTest.Words words(String language) {
        return new SpecialPeopleTest.Words(messages, Locale.forLanguageTag(language));
    }

    private WebSession signedIn(DemoOperators.Operator operator, String language) {
        WebSession web = session();
        var home = web.signIn(operator);
        web.submit(home, "/preferences/language", Map.of("lang", language, "returnTo", "/"));
        return web;
    }

    /** An hour, one-time: only the person decides the answer. */
    private static HttpResponse<String> issue(WebSession web, DemoPeople.Person person) {
        return CockpitTest.post(web, person, Map.of("lifetimeMinutes", "60", "oneTime", "true"));
    }
}
