package io.tapdesk.security;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
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
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Everything that faces the internet shares one prefix, {@value #PREFIX}, so a reverse proxy can expose exactly that
 * and keep the rest internal (issue 18; README "Get verified"): the caller's code page and the Verified ID callback.
 * A chain of its own, first: no sign-in, no session (none read, none created: the pages act on nobody's sign-in), no
 * request cache, and no session-backed CSRF token (there is no ambient authority to ride on; the code page is guarded
 * by the code itself and Bucket4j rate limits, the callback by its per-request api-key). The same security headers as
 * every page. An operator's session cookie sent along (the same browser) is hidden from Spring Session before it looks
 * ({@link #hideTheSessionCookie}): Spring MVC reads flash attributes from the session on every request, which would
 * find the operator's session and move its last access time, so a public page would keep a sign-in alive.
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

    /** Runs ahead of Spring Session's filter on {@value #PREFIX}: the request shows no session cookie. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> hideTheSessionCookie(
            @Value("${server.servlet.session.cookie.name:SESSION}") String sessionCookie) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(new HttpServletRequestWrapper(request) {
                    @Override
                    public Cookie[] getCookies() {
                        Cookie[] all = super.getCookies();
                        return all == null ? null
                                : Arrays.stream(all).filter(c -> !sessionCookie.equals(c.getName())).toArray(Cookie[]::new);
                    }
                }, response);
            }
        });
        registration.addUrlPatterns(PREFIX + "/*");
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
        return registration;
    }
}
