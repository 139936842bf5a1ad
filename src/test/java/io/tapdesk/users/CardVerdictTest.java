package io.tapdesk.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.unbescape.html.HtmlEscape;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * The line at the top of the card (issue #13): for every demo person, as Helpdesk, in English and Dutch, it answers
 * before the agent types — can issue now, needs approval (and why), or cannot (and why) — from the rules the issuing
 * use case runs, with the passes left this hour and today.
 */
class CardVerdictTest extends StackTest {

    private static final Pattern VERDICT = Pattern.compile("<p id=\"card-verdict\" class=\"verdict verdict-([a-z-]+)\">([^<]*)</p>");

    /** Helpdesk (Authentication Administrator) at any hour (the tests' business hours are around the clock). */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        for (String can : new String[]{"Adele Vance", "Megan Bowen", "Lee Gu", "Johanna Lorenz", "Grady Archie", "Lynne Robbins",
                "Miriam Graham", "Debra Berger", "Christie Cline"}) {
            EXPECTED.put(can, "can");
        }
        // privileged (a role-assignable group, the protected group "Executives"): a second person approves
        EXPECTED.put("Alex Wilber", "needs-approval");
        EXPECTED.put("Isaiah Langer", "needs-approval");
        // Entra refuses this operator the person's methods (403), or they cannot be read, or a guardrail refuses
        EXPECTED.put("Patti Fernandez", "cannot");
        EXPECTED.put("Henrietta Mueller", "cannot");
        EXPECTED.put("Lidia Holloway", "cannot");
        EXPECTED.put("Diego Siciliani", "cannot");
        EXPECTED.put("Pradeep Gupta", "cannot");
        // the tenant's pass policy excludes a group he is in (checked against his groups before anything is typed)
        EXPECTED.put("Irvin Sayers", "cannot");
    }

    /** Why a "cannot" line says no, where the reason is TapDesk's own rule (the message key it must show). */
    static final Map<String, String> WHY_NOT = Map.of(
            "Irvin Sayers", "guard.policy-excluded",
            "Diego Siciliani", "guard.disabled-account",
            "Pradeep Gupta", "guard.external-guest");

    @Autowired
    MessageSource messages;

    @ParameterizedTest
    @ValueSource(strings = {"en", "nl"})
    void everyDemoPersonsCardAnswersUpFront(String language) {
        var words = new SpecialPeopleTest.Words(messages, Locale.forLanguageTag(language));
        WebSession helpdesk = session();
        var home = helpdesk.signIn(DemoOperators.HELPDESK);
        helpdesk.submit(home, "/preferences/language", Map.of("lang", language, "returnTo", "/"));
        Map<String, String> seen = new LinkedHashMap<>();
        for (var entry : EXPECTED.entrySet()) {
            var card = helpdesk.get("/users/" + DemoPeople.named(entry.getKey()).id());
            Matcher m = VERDICT.matcher(card.body());
            assertThat(m.find()).as("a verdict line on %s's card", entry.getKey()).isTrue();
            seen.put(entry.getKey(), m.group(1));
            words.shown(card, "card.verdict." + m.group(1));
            if (WHY_NOT.containsKey(entry.getKey())) {
                assertThat(HtmlEscape.unescapeHtml(m.group(2))).as("why not")
                        .contains(messages.getMessage(WHY_NOT.get(entry.getKey()), null, words.locale()));
            }
            if (m.group(1).equals("needs-approval")) {
                assertThat(m.group(2)).as("why").contains(messages.getMessage("approval.reason.privileged", null, words.locale()));
            }
            // it sits right under the name, before the profile: the first screen
            assertThat(card.body().indexOf("id=\"card-verdict\"")).isLessThan(card.body().indexOf("id=\"profile-heading\""));
        }
        assertThat(seen).isEqualTo(EXPECTED);
    }
}
