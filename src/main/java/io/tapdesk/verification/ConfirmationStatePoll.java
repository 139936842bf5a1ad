package io.tapdesk.verification;

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
        return QuietSessions.pollFilter(PATH, "/users/*", sessions, cookies, lifetime, (operator, m) -> {
            String state = "verified-id".equals(m.group(2))
                    ? verifiedId.latest(operator, m.group(1)).map(s -> s.shownState(verifiedId.now())).orElse("none")
                    : confirmations.latest(operator, m.group(1)).map(c -> c.shownState(confirmations.now())).orElse("none");
            return new QuietSessions.Answer(HttpServletResponse.SC_OK, "{\"state\":\"" + state + "\"}");
        });
    }
}
