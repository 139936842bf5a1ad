package io.tapdesk.verification;

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
 * {@code GET /users/{id}/ask-manager/state}: the card asks every few seconds whether the manager answered the
 * operator's latest question about this person ({@code {"state":"asked"}}, then {@code confirmed}, {@code not-right}
 * or {@code expired}; {@code {"state":"none"}} without a question). Answered ahead of Spring Session's filter from the
 * session read straight from its repository and never saved, exactly as approvals' RequestStatePoll does, so a card
 * left polling does not keep its sign-in alive. {@code GET /users/{id}/verified-id/state} answers the same way for the
 * operator's latest "Get verified" session ({@code started}, {@code requested}, {@code retrieved}, {@code verified},
 * {@code failed}, {@code expired}; issue 18). Helpdesk or Admin; signed out: 401 {@code {"signedOut":true}}. Only
 * the operator's own sign-in counts (Spring Security's attribute), never a manager's.
 */
@Configuration(proxyBeanMethods = false)
class ConfirmationStatePoll {

    /** An object id (GUID), as the card's route takes it. */
    static final Pattern PATH = Pattern.compile("/users/([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})/(ask-manager|verified-id)/state");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> confirmationStatePollFilter(SessionRepository<? extends Session> sessions,
                                                                           CookieSerializer cookies,
                                                                           ManagerConfirmations confirmations,
                                                                           VerifiedIdSessions verifiedId,
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
                SecurityHeaders.apply(response);
                Optional<Operator> operator = QuietSessions.operator(sessions, lifetime, ids.resolveSessionIds(request));
                if (operator.isEmpty()) {
                    QuietSessions.json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"signedOut\":true}");
                } else if (!operator.get().has(Roles.HELPDESK) && !operator.get().has(Roles.ADMIN)) {
                    QuietSessions.json(response, HttpServletResponse.SC_FORBIDDEN, "{}");
                } else {
                    String state = "verified-id".equals(m.group(2))
                            ? verifiedId.latest(operator.get(), m.group(1)).map(s -> s.shownState(verifiedId.now())).orElse("none")
                            : confirmations.latest(operator.get(), m.group(1)).map(c -> c.shownState(confirmations.now())).orElse("none");
                    QuietSessions.json(response, HttpServletResponse.SC_OK, "{\"state\":\"" + state + "\"}");
                }
            }
        });
        registration.addUrlPatterns("/users/*");
        // after the database guard, before Spring Session's filter (which would move the last access time)
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }
}
