package io.tapdesk.web;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/** The operator's time zone: a cookie when they picked one, else {@code tapdesk.default-time-zone}. */
@Component
public class TimeZonePreference {

    static final String COOKIE = "tapdesk_tz";

    /** The zones most service desks work in, offered first (then every region zone, A to Z). */
    static final List<String> COMMON = List.of("UTC", "Europe/Amsterdam", "Europe/Brussels", "Europe/Berlin",
            "Europe/Paris", "Europe/London", "Europe/Madrid", "Europe/Stockholm", "America/New_York", "America/Chicago",
            "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore",
            "Asia/Tokyo", "Australia/Sydney");

    /**
     * Old names the tz database keeps only so that old settings still work (its "backward" file: renamed cities,
     * merged or obsolete zones). A list should offer each place once, by its current name (Europe/Kyiv, not
     * Europe/Kiev); Java has no API that tells these apart from current names, so they are listed here.
     */
    static final Set<String> LEGACY = Set.of("Africa/Asmera", "Africa/Timbuktu", "America/Argentina/ComodRivadavia",
            "America/Atka", "America/Buenos_Aires", "America/Catamarca", "America/Coral_Harbour", "America/Cordoba",
            "America/Ensenada", "America/Fort_Wayne", "America/Godthab", "America/Indianapolis", "America/Jujuy",
            "America/Knox_IN", "America/Louisville", "America/Mendoza", "America/Montreal", "America/Nipigon",
            "America/Pangnirtung", "America/Porto_Acre", "America/Rainy_River", "America/Rosario",
            "America/Santa_Isabel", "America/Shiprock", "America/Thunder_Bay", "America/Virgin", "America/Yellowknife",
            "Antarctica/South_Pole", "Asia/Ashkhabad", "Asia/Calcutta", "Asia/Chongqing", "Asia/Chungking",
            "Asia/Dacca", "Asia/Harbin", "Asia/Istanbul", "Asia/Kashgar", "Asia/Katmandu", "Asia/Macao",
            "Asia/Rangoon", "Asia/Saigon", "Asia/Tel_Aviv", "Asia/Thimbu", "Asia/Ujung_Pandang", "Asia/Ulan_Bator",
            "Atlantic/Faeroe", "Atlantic/Jan_Mayen", "Australia/ACT", "Australia/Canberra", "Australia/Currie",
            "Australia/LHI", "Australia/NSW", "Australia/North", "Australia/Queensland", "Australia/South",
            "Australia/Tasmania", "Australia/Victoria", "Australia/West", "Australia/Yancowinna", "Europe/Belfast",
            "Europe/Kiev", "Europe/Nicosia", "Europe/Tiraspol", "Europe/Uzhgorod", "Europe/Zaporozhye",
            "Pacific/Enderbury", "Pacific/Johnston", "Pacific/Ponape", "Pacific/Samoa", "Pacific/Truk", "Pacific/Yap");

    /** Every other region zone ("Europe/Amsterdam") by its current name, A to Z: what a person recognises in a list. */
    static final List<String> OTHERS = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/-]+"))
            .filter(z -> !LEGACY.contains(z) && !COMMON.contains(z))
            .sorted()
            .toList();

    /** What the preferences page offers, common zones first; the only values a cookie may hold. */
    static final List<String> CHOICES = java.util.stream.Stream.concat(
            COMMON.stream().filter(z -> z.equals("UTC") || ZoneId.getAvailableZoneIds().contains(z)), OTHERS.stream()).toList();
    private static final Set<String> ALLOWED = Set.copyOf(CHOICES);

    private final ZoneId defaultZone;

    TimeZonePreference(TapDeskProperties properties) {
        this.defaultZone = properties.defaultTimeZone();
    }

    public ZoneId resolve(HttpServletRequest request) {
        var cookie = WebUtils.getCookie(request, COOKIE);
        if (cookie != null && ALLOWED.contains(cookie.getValue())) {
            return ZoneId.of(cookie.getValue());
        }
        return defaultZone;
    }

    /** Whether the operator picked a zone (else the page may suggest the browser's). */
    public boolean isChosen(HttpServletRequest request) {
        var cookie = WebUtils.getCookie(request, COOKIE);
        return cookie != null && ALLOWED.contains(cookie.getValue());
    }

    /** The common zones, offered first. */
    public List<String> common() {
        return CHOICES.subList(0, CHOICES.size() - OTHERS.size());
    }

    /** Every other zone, A to Z. */
    public List<String> others() {
        return OTHERS;
    }

    public boolean isChoice(String zone) {
        return zone != null && ALLOWED.contains(zone);
    }

    void remember(String zone, HttpServletResponse response, boolean secure) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, zone)
                .path("/").maxAge(Duration.ofDays(365)).httpOnly(true).secure(secure).sameSite("Lax").build().toString());
    }
}
