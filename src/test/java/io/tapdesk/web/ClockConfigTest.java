package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The app's clock is system UTC unless the context already has one (how the tests bring theirs). */
class ClockConfigTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClockConfig.class));

    @Configuration(proxyBeanMethods = false)
    static class OwnClock {
        static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);

        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @Test
    void withoutAClockTheAppRunsOnSystemUtc() {
        runner.run(context -> {
            Instant before = Instant.now();
            Clock clock = context.getBean(Clock.class);
            assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
            assertThat(clock.instant()).isBetween(before, Instant.now());
        });
    }

    @Test
    void aClockOfTheContextWinsWithoutOverridingABeanDefinition() {
        runner.withUserConfiguration(OwnClock.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Clock.class);
            assertThat(context.getBean(Clock.class)).isSameAs(OwnClock.CLOCK);
        });
    }

    @Test
    void itIsRegisteredAsAnAutoConfigurationSoComponentScanningLeavesItAlone() {
        // scanned as a plain @Configuration, its condition would depend on the order the scan met the classes
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(ClockConfig.class.getName());
    }
}
