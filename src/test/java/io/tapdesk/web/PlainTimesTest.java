package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Issue 16, "plain words" and "times that hold": a time is not shown twice when the zone is UTC; the time-zone list
 * offers the common zones first and no legacy aliases; saving a preference says so; a promised time is rounded up.
 */
class PlainTimesTest extends StackTest {

    static final Pattern TWICE = Pattern.compile("\\d{2}:\\d{2} UTC \\(\\d{2}:\\d{2} UTC\\)");

    @Test
    void aTimeIsShownOnceInUtcAndWithUtcBesideItElsewhere() {
        WebSession web = session();
        var home = web.signIn(DemoOperators.HELPDESK);
        var saved = web.submit(home, "/preferences/time-zone", Map.of("zone", "UTC", "returnTo", "/users/" + DemoPeople.MEGAN.id()));
        assertThat(WebSession.text(saved, "notice")).isEqualTo("Time zone saved: times are now shown in it.");
        assertThat(WebSession.text(saved, "pass-status")).isNotNull();
        assertThat(saved.body()).contains("Usable until").doesNotContainPattern(TWICE.pattern());

        var amsterdam = web.submit(saved, "/preferences/time-zone", Map.of("zone", "Europe/Amsterdam",
                "returnTo", "/users/" + DemoPeople.MEGAN.id()));
        assertThat(amsterdam.body()).containsPattern("\\d{2}:\\d{2} Europe/Amsterdam \\(\\d{2}:\\d{2} UTC\\)");

        var dutch = web.submit(amsterdam, "/preferences/language", Map.of("lang", "nl", "returnTo", "/"));
        assertThat(WebSession.text(dutch, "notice")).isEqualTo("Taal opgeslagen.");
    }

    @Test
    void theZoneListOffersCommonZonesFirstAndNoLegacyAliases() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var page = web.get("/preferences");
        String body = page.body();
        var options = Pattern.compile("<option value=\"([^\"]+)\"").matcher(body.substring(body.indexOf("id=\"tz-select\"")));
        java.util.List<String> zones = new java.util.ArrayList<>();
        while (options.find()) {
            zones.add(options.group(1));
        }
        assertThat(zones.subList(0, 3)).containsExactly("UTC", "Europe/Amsterdam", "Europe/Brussels");
        assertThat(zones).contains("Europe/Kyiv", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "Asia/Ho_Chi_Minh")
                .doesNotContain("Europe/Kiev", "Asia/Calcutta", "America/Buenos_Aires", "Asia/Saigon", "Australia/ACT")
                .doesNotHaveDuplicates();
        var refused = web.submit(page, "/preferences/time-zone", Map.of("zone", "Asia/Calcutta", "returnTo", "/"));
        assertThat(refused.body()).contains("id=\"notice\"").doesNotContain("Time zone saved");
    }

    /** A method type Graph names but TapDesk has no kind for is said in words (in both languages), not Graph's name. */
    @Test
    void aMethodTypeIsSaidInWords() {
        WebSession web = session();
        var home = web.signIn(DemoOperators.HELPDESK);
        String lee = "/users/" + DemoPeople.named("Lee Gu").id();
        assertThat(web.get(lee).body()).contains("QR code with a PIN").doesNotContain("qrCodePinAuthenticationMethod");
        var dutch = web.submit(home, "/preferences/language", Map.of("lang", "nl", "returnTo", lee));
        assertThat(dutch.body()).contains("QR-code met een pincode").doesNotContain("qrCodePinAuthenticationMethod");
    }

    @Test
    void aPromisedTimeIsRoundedUpToTheMinute() {
        assertThat(DisplayTime.upToMinute(Instant.parse("2026-11-28T02:40:00.001Z"))).isEqualTo(Instant.parse("2026-11-28T02:41:00Z"));
        assertThat(DisplayTime.upToMinute(Instant.parse("2026-11-28T02:40:59Z"))).isEqualTo(Instant.parse("2026-11-28T02:41:00Z"));
        assertThat(DisplayTime.upToMinute(Instant.parse("2026-11-28T02:41:00Z"))).isEqualTo(Instant.parse("2026-11-28T02:41:00Z"));
    }
}
