package io.tapdesk.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.unbescape.html.HtmlEscape;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;
import tapdesk.demo.graph.StandInState.Policy;

/**
 * Every special person of the stand-in, in English and in Dutch: the card each one produces, and the refusal or
 * message each one's issue meets. The expected words are the message key's in that language, read from the bundle:
 * a page that shows another key, or English to a Dutch operator, fails here, and so does a Dutch key that is missing
 * (it would fall back to the English words) or left untranslated.
 */
class SpecialPeopleTest extends StackTest {

    @Autowired
    MessageSource messages;

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void everySpecialPersonsCardSaysWhatIsTrue(String language) {
        Words words = new Words(messages, Locale.forLanguageTag(language));
        WebSession helpdesk = signedIn(DemoOperators.HELPDESK, language);

        var adele = helpdesk.get("/users/" + DemoPeople.ADELE.id());
        words.shown(adele, "user.type.member", "card.privilege.no", "card.privilege.eligibility.checked", "pass.state.none");
        assertThat(adele.body()).contains("<html lang=\"" + language + "\"").contains("id=\"issue-form\"");

        var megan = helpdesk.get("/users/" + DemoPeople.MEGAN.id());
        words.shown(megan, "user.sync.on_premises", "pass.state.usable", "pass.use.once", "pass.usability.EnabledByPolicy");
        // Graph's usability reason in words in the methods table, not its value (walk of #16)
        assertThat(megan.body()).doesNotContain(">EnabledByPolicy<");
        words.shown(helpdesk.get("/users/" + DemoPeople.named("Lee Gu").id()), "user.manager.none", "pass.state.expired", "method.other");
        var isaiah = helpdesk.get("/users/" + DemoPeople.named("Isaiah Langer").id());
        words.shown(isaiah, "pass.state.not-yet-valid", "card.privilege.yes", "card.privilege.protected-group");
        // a protected group is TapDesk's own rule: the card does not claim Entra demands an administrator (walk of #13)
        assertThat(isaiah.body()).doesNotContain("id=\"privileged-entra\"");
        words.shown(helpdesk.get("/users/" + DemoPeople.named("Alex Wilber").id()), "card.privilege.role-group",
                "card.privilege.entra");
        // Entra refused this agent Patti's methods: the card says so instead of offering a form
        words.shown(helpdesk.get("/users/" + DemoPeople.PATTI.id()), "card.privilege.yes", "card.privilege.role",
                "card.privilege.entra", "card.privilege.eligibility.checked", "guard.pass-forbidden");
        words.shown(helpdesk.get("/users/" + DemoPeople.named("Grady Archie").id()), "card.methods.none");
        words.shown(helpdesk.get("/users/" + DemoPeople.named("Johanna Lorenz").id()), "user.type.internal-guest");

        var pradeep = helpdesk.get("/users/" + DemoPeople.PRADEEP.id());
        words.shown(pradeep, "user.type.external-guest", "guard.external-guest");
        assertThat(pradeep.body()).doesNotContain("id=\"issue-form\"");
        var diego = helpdesk.get("/users/" + DemoPeople.named("Diego Siciliani").id());
        words.shown(diego, "user.enabled.no", "guard.disabled-account");
        assertThat(diego.body()).doesNotContain("id=\"issue-form\"");
        var self = helpdesk.get("/users/" + DemoOperators.HELPDESK.objectId());
        words.shown(self, "guard.self");
        assertThat(self.body()).doesNotContain("id=\"issue-form\"");

        // Graph's answers: a restricted unit (403 for an Authentication Administrator), a deleted account, throttling
        words.shown(helpdesk.get("/users/" + DemoPeople.HENRIETTA.id()), "graph.access-denied.needs-privileged.headline");
        var nestor = helpdesk.get("/users/" + DemoPeople.NESTOR.id());
        assertThat(nestor.statusCode()).isEqualTo(404);
        words.shown(nestor, "graph.not-found.headline", "graph.not-found.advice");
        words.shown(helpdesk.get("/users/" + DemoPeople.LIDIA.id()), "graph.busy.headline");

        // one slow part shows its own message; the profile still renders
        STACK.graph().state().slowDelay(java.time.Duration.ofSeconds(4));
        STACK.graph().state().slowProfile(false);
        var joni = helpdesk.get("/users/" + DemoPeople.JONI.id());
        assertThat(joni.body()).contains("Joni Sherman");
        words.shown(joni, "graph.no-response.headline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void everySpecialPersonsIssueMeetsTheRightAnswer(String language) {
        Words words = new Words(messages, Locale.forLanguageTag(language));
        WebSession helpdesk = signedIn(DemoOperators.HELPDESK, language);

        // TapDesk's own refusals of crafted POSTs: nothing reaches Graph
        var pradeep = issue(helpdesk, DemoPeople.PRADEEP);
        assertThat(pradeep.statusCode()).isEqualTo(409);
        words.shown(pradeep, "guard.external-guest");
        var diego = issue(helpdesk, DemoPeople.named("Diego Siciliani"));
        assertThat(diego.statusCode()).isEqualTo(409);
        words.shown(diego, "guard.disabled-account");
        var self = issue(helpdesk, DemoPeople.withId(DemoOperators.HELPDESK.objectId()));
        assertThat(self.statusCode()).isEqualTo(403);
        words.shown(self, "guard.self");
        var megan = issue(helpdesk, DemoPeople.MEGAN);
        assertThat(megan.statusCode()).isEqualTo(409);
        words.shown(megan, "guard.replace-unconfirmed");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.PRADEEP.id())
                + STACK.graph().state().createAttempts(DemoPeople.named("Diego Siciliani").id())
                + STACK.graph().state().createAttempts(DemoOperators.HELPDESK.objectId())
                + STACK.graph().state().createAttempts(DemoPeople.MEGAN.id())).isZero();

        // Graph's refusals, each in words
        var henrietta = issue(helpdesk, DemoPeople.HENRIETTA);
        assertThat(henrietta.statusCode()).isEqualTo(403);
        words.shown(henrietta, "graph.access-denied.needs-privileged.headline", "graph.access-denied.needs-privileged.advice");
        var lynne = issue(helpdesk, DemoPeople.LYNNE);
        assertThat(lynne.statusCode()).isEqualTo(409);
        words.shown(lynne, "graph.blocked-by-policy.headline", "graph.blocked-by-policy.advice");

        // a create whose outcome is unknown is never re-sent, and says so
        var miriam = issue(helpdesk, DemoPeople.MIRIAM);
        assertThat(miriam.statusCode()).isEqualTo(503);
        words.shown(miriam, "unknown.heading");
        var debra = issue(helpdesk, DemoPeople.DEBRA);
        assertThat(debra.statusCode()).isEqualTo(504);
        words.shown(debra, "unknown.heading");

        // the tenant's pass policy excludes a group Irvin is in: refused before Graph is asked
        var excluded = issue(helpdesk, DemoPeople.IRVIN);
        assertThat(excluded.statusCode()).isEqualTo(409);
        words.shown(excluded, "guard.policy-excluded");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.IRVIN.id())).isZero();

        // a pass Graph made but disabled by policy (the policy changed after TapDesk read it): the pass page says
        // it will not work
        policyReadBeforeIrvinWasExcluded(helpdesk);
        var irvin = issue(helpdesk, DemoPeople.IRVIN);
        assertThat(irvin.statusCode()).isEqualTo(200);
        words.shown(irvin, "shown.disabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void passesSwitchedOffInTheTenantAreExplained(String language) {
        Words words = new Words(messages, Locale.forLanguageTag(language));
        STACK.graph().state().policy(new Policy(false, 60, 480, 60, 8, false));
        WebSession admin = signedIn(DemoOperators.ADMIN, language);

        var adele = admin.get("/users/" + DemoPeople.ADELE.id());
        words.shown(adele, "guard.policy-disabled");
        assertThat(adele.body()).doesNotContain("id=\"issue-form\"");
        var crafted = issue(admin, DemoPeople.ADELE);
        assertThat(crafted.statusCode()).isEqualTo(409);
        words.shown(crafted, "guard.policy-disabled");
        assertThat(STACK.graph().state().createAttempts(DemoPeople.ADELE.id())).isZero();
    }

    private WebSession signedIn(DemoOperators.Operator operator, String language) {
        WebSession web = session();
        var home = web.signIn(operator);
        var switched = web.submit(home, "/preferences/language", Map.of("lang", language, "returnTo", "/"));
        assertThat(switched.body()).contains("<html lang=\"" + language + "\"");
        return web;
    }

    /** An hour, one-time: a pass no guardrail or approval rule objects to, so only the person decides the answer. */
    private static HttpResponse<String> issue(WebSession web, DemoPeople.Person person) {
        return CockpitTest.post(web, person, Map.of("lifetimeMinutes", "60", "oneTime", "true"));
    }

    /** A language's words for a key; a key with arguments is checked by the words around them. */
    record Words(MessageSource messages, Locale locale) {

        private static final String GAP = "\u0000";

        void shown(HttpResponse<String> page, String... keys) {
            String text = HtmlEscape.unescapeHtml(page.body());
            for (String key : keys) {
                if (!locale.getLanguage().equals("en")) {
                    assertThat(messages.getMessage(key, null, locale)).as("%s translated to %s", key, locale)
                            .isNotEqualTo(messages.getMessage(key, null, Locale.ENGLISH));
                }
                for (String words : around(key)) {
                    assertThat(text).as("%s (%s) on %s", key, locale, page.uri()).contains(words);
                }
            }
        }

        /** The message with its arguments, as the page shows it (HTML-unescaped). */
        String format(String key, Object... args) {
            return org.unbescape.html.HtmlEscape.escapeHtml5Xml(messages.getMessage(key, args, locale));
        }

        /** The message with every argument replaced by a gap, split at the gaps (as the page formats it). */
        List<String> around(String key) {
            String plain = messages.getMessage(key, null, locale);
            if (!plain.matches("(?s).*\\{\\d.*")) {
                return List.of(plain);
            }
            Object[] gaps = new Object[9];
            Arrays.fill(gaps, GAP);
            return Arrays.stream(messages.getMessage(key, gaps, locale).split(GAP))
                    .map(String::strip).filter(part -> part.length() > 2).toList();
        }
    }
}
