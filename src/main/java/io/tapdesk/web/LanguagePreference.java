package io.tapdesk.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * English or Dutch, per operator: a cookie once they chose, else the browser's preference among the two, else
 * English.
 */
@Configuration(proxyBeanMethods = false)
public class LanguagePreference {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("nl"));
    static final String COOKIE = "tapdesk_lang";

    /** Reads the cookie; writes it Secure when {@link SecureCookies} says so for that request. */
    @Bean
    LocaleResolver localeResolver(SecureCookies cookies) {
        var plain = cookieResolver(false);
        var secure = cookieResolver(true);
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                return plain.resolveLocale(request);
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                (cookies.secure(request) ? secure : plain).setLocale(request, response, locale);
            }
        };
    }

    private static CookieLocaleResolver cookieResolver(boolean secure) {
        var resolver = new CookieLocaleResolver(COOKIE);
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSecure(secure);
        resolver.setCookieMaxAge(java.time.Duration.ofDays(365));
        // a cookie TapDesk did not write (another site of the domain can set one) falls back to the browser's
        // language; rejecting it would answer every page with a 500 until the cookie is cleared
        resolver.setRejectInvalidCookies(false);
        resolver.setDefaultLocaleFunction(LanguagePreference::fromBrowser);
        return resolver;
    }

    static Locale fromBrowser(HttpServletRequest request) {
        var ranges = java.util.Collections.list(request.getLocales());
        for (Locale wanted : ranges) {
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(wanted.getLanguage())) {
                    return supported;
                }
            }
        }
        return Locale.ENGLISH;
    }

    public static Locale supported(String tag) {
        if (tag == null) {
            return null;
        }
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(tag)).findFirst().orElse(null);
    }
}
