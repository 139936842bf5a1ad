package io.tapdesk.security;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers every TapDesk answer carries (README "Pages"). Spring Security writes them for everything that
 * passes its chain ({@link SecurityConfig}); an answer given ahead of the chain (the request page's poll, which must
 * not touch the session) writes them with {@link #apply}.
 */
public final class SecurityHeaders {

    /** Browser features no TapDesk page uses, switched off for the page and anything it might embed. */
    static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), display-capture=(), geolocation=(), "
            + "gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";

    /** The CSP's fixed part; the pages' chain adds the sign-in host to {@code form-action}. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private SecurityHeaders() {
    }

    /** Writes the headers on an answer that does not pass Spring Security's chain. */
    public static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
    }
}
