package io.tapdesk.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens in the session, as Spring Security keeps them, except that a request without a session never gets one
 * made for it: Spring Security would otherwise create a session (a row in PostgreSQL) for every anonymous POST, only to
 * refuse it. Every form TapDesk renders is for a signed-in operator, whose session exists; an anonymous POST is
 * refused as before (its token matches nothing). Each sign-in chain keeps its token under its own session attribute:
 * the confirmation app's sign-in and sign-out (which replace the token) must not void the forms of an operator signed
 * in to TapDesk in the same browser.
 */
final class NoSessionForCsrf implements CsrfTokenRepository {

    private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

    /** The operators' chain: Spring Security's default session attribute. */
    NoSessionForCsrf() {
    }

    /** Another chain's: its token under {@code sessionAttribute}. */
    NoSessionForCsrf(String sessionAttribute) {
        sessions.setSessionAttributeName(sessionAttribute);
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return sessions.generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token != null && request.getSession(false) == null) {
            return;
        }
        sessions.saveToken(token, request, response);
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return sessions.loadToken(request);
    }
}
