package io.tapdesk.security;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * TapDesk's address as browsers reach it ({@code tapdesk.public-base-url}, e.g. {@code https://tapdesk.example.org}):
 * the sign-in redirect, the OAuth2 {@code redirect_uri}, the return after sign-in and after sign-out are built from it,
 * never from a request's {@code Host} or {@code X-Forwarded-*} headers. Required: scheme, host and optional port, no
 * path, no trailing slash (start-up fails otherwise, saying so).
 */
@Component
public final class PublicBaseUrl {

    private final String value;

    PublicBaseUrl(@Value("${tapdesk.public-base-url:}") String configured) {
        this.value = validated(configured);
    }

    /** {@code scheme://host[:port]}. */
    public String value() {
        return value;
    }

    /** The absolute address of local {@code path} (which starts with {@code /}). */
    public String of(String path) {
        return value + path;
    }

    static String validated(String configured) {
        String example = " (e.g. https://tapdesk.example.org: scheme, host and port as browsers reach TapDesk, no path)";
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("tapdesk.public-base-url (TAPDESK_PUBLIC_BASE_URL) is not set" + example);
        }
        URI uri;
        try {
            uri = new URI(configured.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("tapdesk.public-base-url is not a URL: " + configured + example);
        }
        boolean ok = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                && uri.getRawUserInfo() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!ok) {
            throw new IllegalStateException("tapdesk.public-base-url must be scheme://host[:port] only, not " + configured + example);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
