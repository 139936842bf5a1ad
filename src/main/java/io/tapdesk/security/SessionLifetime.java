package io.tapdesk.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.session.Session;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sessions that end (ASVS 3.3): the idle timeout is Spring Session's max inactive interval
 * ({@code tapdesk.session.idle-timeout}); the absolute lifetime ({@code tapdesk.session.absolute-lifetime}) counts from
 * the session's creation, which a sign-in does not move (Spring Session keeps it across the id change). Both are
 * checked against the system clock, as Spring Session checks its own expiry (README "Tests at any instant").
 */
@Component
public class SessionLifetime implements SessionRepositoryCustomizer<JdbcIndexedSessionRepository> {

    private final SessionProperties properties;
    private final Clock clock = Clock.systemUTC();

    SessionLifetime(SessionProperties properties) {
        this.properties = properties;
    }

    /** Runs after Boot's own customisation, so TapDesk's idle timeout is the one that holds. */
    @Override
    public void customize(JdbcIndexedSessionRepository repository) {
        repository.setDefaultMaxInactiveInterval(properties.idleTimeout());
    }

    /** Whether a session created at {@code created} has lived past the absolute lifetime. */
    public boolean over(Instant created) {
        return !created.plus(properties.absoluteLifetime()).isAfter(clock.instant());
    }

    /** Whether {@code session} is still usable: not idle past its timeout and not past the absolute lifetime. */
    public boolean live(Session session) {
        return !session.isExpired() && !over(session.getCreationTime());
    }

    /**
     * First on the app's chain: a session past the absolute lifetime is invalidated before anything reads it, so the
     * request goes on signed out (a page: to sign-in; a POST: the "sign-in ended" page, as its CSRF token went with it).
     */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                HttpSession session = request.getSession(false);
                if (session != null && over(Instant.ofEpochMilli(session.getCreationTime()))) {
                    session.invalidate();
                }
                chain.doFilter(request, response);
            }
        };
    }
}
