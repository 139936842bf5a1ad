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

    /** Region zones ("Europe/Amsterdam") plus UTC: what a person recognises in a list. */
    static final List<String> CHOICES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/-]+"))
            .sorted()
            .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
                list.add(0, "UTC");
                return List.copyOf(list);
            }));
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

    public boolean isChoice(String zone) {
        return zone != null && ALLOWED.contains(zone);
    }

    void remember(String zone, HttpServletResponse response, boolean secure) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, zone)
                .path("/").maxAge(Duration.ofDays(365)).httpOnly(true).secure(secure).sameSite("Lax").build().toString());
    }
}
