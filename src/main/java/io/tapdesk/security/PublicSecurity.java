package io.tapdesk.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Everything that faces the internet shares one prefix, {@value #PREFIX}, so a reverse proxy can expose exactly that
 * and keep the rest internal (issue 18; README "Get verified"): the caller's code page and the Verified ID callback.
 * A chain of its own, first: no sign-in, no session (none read, none created: the pages act on nobody's sign-in), no
 * request cache, and no session-backed CSRF token (there is no ambient authority to ride on; the code page is guarded
 * by the code itself and Bucket4j rate limits, the callback by its per-request api-key). The same security headers as
 * every page.
 */
@Configuration(proxyBeanMethods = false)
class PublicSecurity {

    static final String PREFIX = "/public";

    @Bean
    @Order(0)
    SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.pathPattern(PREFIX + "/**"))
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .logout(l -> l.disable())
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .permissionsPolicyHeader(p -> p.policy(SecurityHeaders.PERMISSIONS_POLICY))
                        .crossOriginOpenerPolicy(c -> c.policy(CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
