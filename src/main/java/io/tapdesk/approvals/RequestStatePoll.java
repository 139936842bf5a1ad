package io.tapdesk.approvals;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.security.Operator;
import io.tapdesk.security.Roles;
import io.tapdesk.security.SecurityHeaders;
import io.tapdesk.security.SessionLifetime;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code GET /requests/{id}/state}: the request page asks every few seconds whether its request was decided
 * ({@code {"state":"approved"}}). Answered <b>before</b> Spring Session's filter, from the session read straight from
 * its repository and never saved: a page left polling does not keep its sign-in alive, so it is signed out at the idle
 * timeout ({@code tapdesk.session.idle-timeout}) and at the absolute lifetime like a page left alone. (Through Spring Session's filter every
 * request that reads the sign-in moves the session's last access time.) The same rule as {@code /requests/*}:
 * Helpdesk or Admin, and only the requester's own request; signed out: 401 {@code {"signedOut":true}}.
 */
@Configuration(proxyBeanMethods = false)
class RequestStatePoll {

    static final Pattern PATH = Pattern.compile("/requests/([1-9][0-9]{0,17})/state");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestStatePollFilter(SessionRepository<? extends Session> sessions,
                                                                      CookieSerializer cookies, Approvals approvals,
                                                                      SessionLifetime lifetime) {
        CookieHttpSessionIdResolver ids = new CookieHttpSessionIdResolver();
        ids.setCookieSerializer(cookies);
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !"GET".equals(request.getMethod()) || !PATH.matcher(path(request)).matches();
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Matcher m = PATH.matcher(path(request));
                if (!m.matches()) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setHeader("Cache-Control", "no-store");
                // ahead of Spring Security's chain: the same headers as every other answer
                SecurityHeaders.apply(response);
                Optional<Operator> operator = signedIn(sessions, lifetime, ids.resolveSessionIds(request));
                if (operator.isEmpty()) {
                    answer(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"signedOut\":true}");
                } else if (!operator.get().has(Roles.HELPDESK) && !operator.get().has(Roles.ADMIN)) {
                    answer(response, HttpServletResponse.SC_FORBIDDEN, "{}");
                } else {
                    var found = approvals.requestOf(Long.parseLong(m.group(1)), operator.get());
                    if (found.isEmpty()) {
                        answer(response, HttpServletResponse.SC_NOT_FOUND, "{}");
                    } else {
                        var state = found.get().shownState(approvals.now(), approvals.properties().issueWithin());
                        answer(response, HttpServletResponse.SC_OK, "{\"state\":\"" + state.stored() + "\"}");
                    }
                }
            }
        });
        registration.addUrlPatterns("/requests/*");
        // after the database guard, before Spring Session's filter (which would move the last access time)
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }

    /**
     * The operator of the first live session the request names (not idle past its timeout, not past the absolute
     * lifetime); findById drops an expired one and saves nothing.
     */
    private static Optional<Operator> signedIn(SessionRepository<? extends Session> sessions, SessionLifetime lifetime,
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

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(json);
    }
}
