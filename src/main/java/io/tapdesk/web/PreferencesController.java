package io.tapdesk.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Remembers the operator's time zone, then goes back to the page they were on (post/redirect/get). */
@Controller
class PreferencesController {

    private final TimeZonePreference timeZones;
    private final LocaleResolver locales;
    private final SecureCookies cookies;

    PreferencesController(TimeZonePreference timeZones, LocaleResolver locales, SecureCookies cookies) {
        this.timeZones = timeZones;
        this.locales = locales;
        this.cookies = cookies;
    }

    @GetMapping("/preferences")
    String preferences(@RequestParam(name = "returnTo", required = false) String returnTo, Model model) {
        model.addAttribute("returnTo", LocalPath.orHome(returnTo));
        model.addAttribute("commonZones", timeZones.common());
        model.addAttribute("otherZones", timeZones.others());
        model.addAttribute("languages", LanguagePreference.SUPPORTED);
        return "security/preferences";
    }

    @PostMapping("/preferences/language")
    String language(@RequestParam(name = "lang", required = false) String lang,
                    @RequestParam(name = "returnTo", required = false) String returnTo,
                    HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        var locale = LanguagePreference.supported(lang);
        if (locale != null) {
            locales.setLocale(request, response, locale);
            confirm(request, flash, "preferences.saved.language");
        } else {
            flash.addFlashAttribute("notice", "language.invalid");
        }
        return "redirect:" + LocalPath.orHome(returnTo);
    }

    @PostMapping("/preferences/time-zone")
    String timeZone(@RequestParam(name = "zone", required = false) String zone,
                    @RequestParam(name = "returnTo", required = false) String returnTo,
                    HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        if (timeZones.isChoice(zone)) {
            timeZones.remember(zone, response, cookies.secure(request));
            confirm(request, flash, "preferences.saved.zone");
        } else {
            flash.addFlashAttribute("notice", "timezone.invalid");
        }
        return "redirect:" + LocalPath.orHome(returnTo);
    }

    /**
     * The page after the redirect says the preference was saved. The notice travels in the sign-in's session; a
     * request without one (the cookie alone carries the choice) gets no session made for a notice.
     */
    private static void confirm(HttpServletRequest request, RedirectAttributes flash, String notice) {
        if (request.getSession(false) != null) {
            flash.addFlashAttribute("notice", notice);
        }
    }
}
