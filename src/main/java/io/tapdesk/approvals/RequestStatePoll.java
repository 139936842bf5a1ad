package io.tapdesk.approvals;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.security.Operator;
import io.tapdesk.security.QuietSessions;
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
                return !"GET".equals(request.getMethod()) || !PATH.matcher(QuietSessions.path(request)).matches();
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Matcher m = PATH.matcher(QuietSessions.path(request));
                if (!m.matches()) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setHeader("Cache-Control", "no-store");
                // ahead of Spring Security's chain: the same headers as every other answer
                SecurityHeaders.apply(response);
                Optional<Operator> operator = QuietSessions.operator(sessions, lifetime, ids.resolveSessionIds(request));
                if (operator.isEmpty()) {
                    QuietSessions.json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"signedOut\":true}");
                } else if (!operator.get().has(Roles.HELPDESK) && !operator.get().has(Roles.ADMIN)) {
                    QuietSessions.json(response, HttpServletResponse.SC_FORBIDDEN, "{}");
                } else {
                    var found = approvals.requestOf(Long.parseLong(m.group(1)), operator.get());
                    if (found.isEmpty()) {
                        QuietSessions.json(response, HttpServletResponse.SC_NOT_FOUND, "{}");
                    } else {
                        var state = found.get().shownState(approvals.now(), approvals.properties().issueWithin());
                        QuietSessions.json(response, HttpServletResponse.SC_OK, "{\"state\":\"" + state.stored() + "\"}");
                    }
                }
            }
        });
        registration.addUrlPatterns("/requests/*");
        // after the database guard, before Spring Session's filter (which would move the last access time)
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }
}
