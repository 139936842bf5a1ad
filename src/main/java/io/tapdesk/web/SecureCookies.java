package io.tapdesk.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When TapDesk's cookies (session, language, time zone) carry {@code Secure}: always with
 * {@code tapdesk.secure-cookies=true} (the default, {@code TAPDESK_SECURE_COOKIES}), else exactly when the request
 * came over https ({@code request.isSecure()}, which honours the proxy's forwarded scheme), so a local http trial
 * works and an https request never gets a cookie a plain-http request could carry back.
 */
@Configuration(proxyBeanMethods = false)
public class SecureCookies {

    private final boolean always;

    SecureCookies(@Value("${tapdesk.secure-cookies:true}") boolean always) {
        this.always = always;
    }

    /** Whether a cookie set in answer to {@code request} must be {@code Secure}. */
    public boolean secure(HttpServletRequest request) {
        return always || request.isSecure();
    }

    /**
     * The session cookie (Spring Session's serializer): forced Secure when always; otherwise left unset, and the
     * serializer then marks it Secure exactly when the request is secure.
     */
    @Bean
    DefaultCookieSerializerCustomizer sessionCookieSecurity() {
        return serializer -> {
            if (always) {
                serializer.setUseSecureCookie(true);
            }
        };
    }
}
