package tapdesk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import io.tapdesk.support.SettableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How DemoClock reads TAPDESK_TEST_CLOCK; a settable "system" clock stands for the real one. */
class DemoClockTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T02:00:00Z", "2026-03-29T00:59:59.5Z", "2026-10-25T02:30:00+01:00", " 2031-01-01T00:00:00Z\n"})
    void anInstantStartsTheClockThereAndItRunsOn(String value) {
        SettableClock system = SettableClock.at("2024-06-05T10:00:00Z");

        var clock = DemoClock.from(value, system);

        Instant start = Instant.parse(value.strip());
        assertThat(clock.instant()).isEqualTo(start);
        system.advance(Duration.ofMillis(1500));
        assertThat(clock.instant()).isEqualTo(start.plusMillis(1500));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void unsetOrBlankIsTheSystemClock(String value) {
        SettableClock system = SettableClock.at("2024-06-05T10:00:00Z");

        assertThat(DemoClock.from(value, system)).isSameAs(system);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomorrow", "2026-11-28", "2026-11-28T02:00:00", "2026-11-28 02:00:00Z", "1764295200"})
    void anythingElseFailsNamingTheVariableTheValueAndTheForm(String value) {
        SettableClock system = SettableClock.at("2024-06-05T10:00:00Z");

        assertThatThrownBy(() -> DemoClock.from(value, system))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TAPDESK_TEST_CLOCK")
                .hasMessageContaining("\"" + value + "\"")
                .hasMessageContaining("ISO-8601 instant such as 2026-11-28T02:00:00Z");
    }
}
