package io.tapdesk.web;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The app's business clock (business hours, expiry, limits, audit times): system UTC. An auto-configuration (listed
 * in META-INF/spring/…AutoConfiguration.imports, so component scanning skips it) that steps back when a context
 * already has a {@link Clock}: the tests bring their own without overriding a bean definition.
 */
@AutoConfiguration
public class ClockConfig {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
