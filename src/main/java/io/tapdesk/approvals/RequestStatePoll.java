package io.tapdesk.approvals;

import java.util.regex.Pattern;

import io.tapdesk.security.QuietSessions;
import io.tapdesk.security.SessionLifetime;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
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
        return QuietSessions.pollFilter(PATH, "/requests/*", sessions, cookies, lifetime, (operator, m) -> {
            var found = approvals.requestOf(Long.parseLong(m.group(1)), operator);
            if (found.isEmpty()) {
                return new QuietSessions.Answer(HttpServletResponse.SC_NOT_FOUND, "{}");
            }
            var state = found.get().shownState(approvals.now(), approvals.properties().issueWithin());
            return new QuietSessions.Answer(HttpServletResponse.SC_OK, "{\"state\":\"" + state.stored() + "\"}");
        });
    }
}
