package io.tapdesk.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For the pages' polls that must not keep a sign-in alive (the request page, the card's question to the manager and its
 * Verified ID session): they run ahead of Spring Session's filter and read the operator of a session without saving it,
 * so its last access time does not move.
 */
public final class QuietSessions {

    private QuietSessions() {
    }

    /** A poll's answer: its status and its small JSON body. */
    public record Answer(int status, String json) {
    }

    /** What a poll says to a signed-in Helpdesk agent or Admin, from the path's groups. */
    public interface Poll {
        Answer answer(Operator operator, Matcher path);
    }

    /**
     * A poll's filter: GETs matching {@code path} are answered here, ahead of Spring Session's filter (so the sign-in is
     * not kept alive) and ahead of Spring Security's chain (so its headers are set here): 401 {@code signedOut} without
     * a live session, 403 for a role other than Helpdesk or Admin, else {@code poll}'s answer; never stored.
     *
     * @param urlPattern the servlet URL pattern the filter is registered for (e.g. {@code /requests/*})
     */
    public static FilterRegistrationBean<OncePerRequestFilter> pollFilter(Pattern path, String urlPattern,
                                                                         SessionRepository<? extends Session> sessions,
                                                                         CookieSerializer cookies, SessionLifetime lifetime,
                                                                         Poll poll) {
        CookieHttpSessionIdResolver ids = new CookieHttpSessionIdResolver();
        ids.setCookieSerializer(cookies);
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !"GET".equals(request.getMethod()) || !path.matcher(path(request)).matches();
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Matcher m = path.matcher(path(request));
                if (!m.matches()) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setHeader("Cache-Control", "no-store");
                SecurityHeaders.apply(response);
                Optional<Operator> operator = operator(sessions, lifetime, ids.resolveSessionIds(request));
                if (operator.isEmpty()) {
                    json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"signedOut\":true}");
                } else if (!operator.get().has(Roles.HELPDESK) && !operator.get().has(Roles.ADMIN)) {
                    json(response, HttpServletResponse.SC_FORBIDDEN, "{}");
                } else {
                    Answer answer = poll.answer(operator.get(), m);
                    json(response, answer.status(), answer.json());
                }
            }
        });
        registration.addUrlPatterns(urlPattern);
        // after the database guard, before Spring Session's filter (which would move the last access time)
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }

    /**
     * The operator of the first live session the request names (not idle past its timeout, not past the absolute
     * lifetime); {@code findById} drops an expired one and saves nothing.
     */
    public static Optional<Operator> operator(SessionRepository<? extends Session> sessions, SessionLifetime lifetime,
                                              List<String> sessionIds) {
        for (String id : sessionIds) {
            Session session = sessions.findById(id);
            if (session != null && lifetime.live(session)
                    && session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
                    && context.getAuthentication() != null && context.getAuthentication().isAuthenticated()) {
                return Optional.of(Operator.from(context.getAuthentication()));
            }
        }
        return Optional.empty();
    }

    /** The request's path inside the application. */
    public static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** A poll's small JSON answer. */
    public static void json(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(json);
    }
}
