package io.tapdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The stack's business clocks read TAPDESK_TEST_CLOCK's instant when it is set (plus at most the time this JVM has
 * run, since they start there on first use and run on), and system time when it is not. (Sign-in, tokens and
 * sessions stay on system time; every other StackTest signs in through the demo identity provider.)
 */
class TestClockTest extends StackTest {

    @Autowired
    Clock clock;

    @Test
    void theAppsClockAndTheStandInsReadTheTestInstant() {
        assertReadsTheTestClock("the app's Clock", clock::instant);
        assertReadsTheTestClock("the Graph stand-in's clock", STACK.graph().state()::now);
    }

    static void assertReadsTheTestClock(String what, Supplier<Instant> clock) {
        String value = System.getenv("TAPDESK_TEST_CLOCK");
        if (value == null || value.isBlank()) {
            Instant before = Instant.now();
            Instant read = clock.get();
            assertThat(read).as(what + " reads system time").isBetween(before, Instant.now());
        } else {
            Instant start = Instant.parse(value.strip());
            Instant read = clock.get();
            // +1 ms: the JVM's uptime is whole milliseconds
            long ranMillis = ManagementFactory.getRuntimeMXBean().getUptime() + 1;
            assertThat(read).as(what + " reads TAPDESK_TEST_CLOCK=" + value + " plus at most " + ranMillis + " ms")
                    .isBetween(start, start.plusMillis(ranMillis));
        }
    }
}
