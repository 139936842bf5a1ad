package tapdesk.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The business clock of every TapDesk that the tests, the demo, the benchmark and the load run start, and of the Graph
 * stand-in. {@value #VARIABLE} (an ISO-8601 instant such as {@code 2026-11-28T02:00:00Z}) moves it: the clock reads
 * that instant when the JVM first asks and runs on from there, so the suite can be run at any moment. Unset (or
 * blank): system UTC. One clock per JVM, so every context and the stand-in agree.
 *
 * <p>Only business time follows it (the app's {@link Clock} bean: business hours, expiry, limits, audit times).
 * Sign-in, tokens, sessions and the demo identity provider stay on system time, because the JDK, Spring Security and
 * Spring Authorization Server check those against the real clock.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DemoClock {

    public static final String VARIABLE = "TAPDESK_TEST_CLOCK";

    private static Clock shared;

    /** The app's clock; the production ClockConfig steps back when a context has one. */
    @Bean
    Clock clock() {
        return shared();
    }

    /** The JVM's one test clock, read from {@value #VARIABLE} on first use. */
    public static synchronized Clock shared() {
        if (shared == null) {
            // not memoised on failure: every context that asks fails with the same clear message
            shared = from(System.getenv(VARIABLE), Clock.systemUTC());
        }
        return shared;
    }

    /**
     * {@code value} null or blank: {@code system} itself; else a clock that reads {@code value} now and runs on with
     * {@code system} (a fixed offset, computed once).
     */
    static Clock from(String value, Clock system) {
        if (value == null || value.isBlank()) {
            return system;
        }
        Instant start;
        try {
            start = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(VARIABLE + " must be an ISO-8601 instant such as 2026-11-28T02:00:00Z, not \""
                    + value + "\"", e);
        }
        return Clock.offset(system, Duration.between(system.instant(), start));
    }
}
