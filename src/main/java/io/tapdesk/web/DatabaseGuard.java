package io.tapdesk.web;

import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Ahead of the session and security filters: when PostgreSQL cannot be reached, every page is TapDesk's own 503
 * and nothing is issued. The check is remembered for two seconds (Caffeine) so it costs one query per interval.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseGuard {

    private static final Logger log = LoggerFactory.getLogger(DatabaseGuard.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> databaseGuardFilter(DataSource dataSource, MessageSource messages) {
        LoadingCache<String, Boolean> reachable = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(2))
                .build(key -> check(dataSource));
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (Boolean.TRUE.equals(reachable.get("db"))) {
                    chain.doFilter(request, response);
                    return;
                }
                unavailable(request, response, messages);
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI();
                return path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico");
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.addUrlPatterns("/*");
        return registration;
    }

    private static boolean check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (Exception e) {
            log.error("PostgreSQL is unreachable: TapDesk answers 503 until it is back ({})", e.getMessage());
            return false;
        }
    }

    private static void unavailable(HttpServletRequest request, HttpServletResponse response, MessageSource messages)
            throws IOException {
        Locale locale = LanguagePreference.fromBrowser(request);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "30");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html;charset=UTF-8");
        String title = HtmlUtils.htmlEscape(messages.getMessage("unavailable.heading", null, locale));
        String body = HtmlUtils.htmlEscape(messages.getMessage("unavailable.body", null, locale));
        response.getWriter().write("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + " \u00b7 TapDesk</title>"
                + "<link rel=\"stylesheet\" href=\"/css/tapdesk.css\"></head><body><main id=\"main\"><h1 id=\"unavailable-heading\">"
                + title + "</h1><p>" + body + "</p></main></body></html>");
    }
}
