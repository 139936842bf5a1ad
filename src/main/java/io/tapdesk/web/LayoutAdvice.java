package io.tapdesk.web;

import java.time.ZoneId;

import io.tapdesk.security.Operator;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs: who is signed in, their time zone, and where they are. */
@ControllerAdvice
class LayoutAdvice {

    private final TimeZonePreference timeZones;

    LayoutAdvice(TimeZonePreference timeZones) {
        this.timeZones = timeZones;
    }

    @ModelAttribute("operator")
    Operator operator() {
        return Operator.from(SecurityContextHolder.getContext().getAuthentication());
    }

    @ModelAttribute("zone")
    ZoneId zone(HttpServletRequest request) {
        return timeZones.resolve(request);
    }

    @ModelAttribute("zoneChosen")
    boolean zoneChosen(HttpServletRequest request) {
        return timeZones.isChosen(request);
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return LocalPath.orHome(request.getRequestURI());
    }
}
