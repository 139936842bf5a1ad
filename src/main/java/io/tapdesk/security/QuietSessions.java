package io.tapdesk.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * For the pages' polls that must not keep a sign-in alive (the request page, the card's question to the manager and its
 * Verified ID session): they run ahead of Spring Session's filter and read the operator of a session without saving it,
 * so its last access time does not move.
 */
public final class QuietSessions {

    private QuietSessions() {
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
