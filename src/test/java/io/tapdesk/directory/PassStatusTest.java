package io.tapdesk.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Graph gives a pass's start and lifetime; its expiry is start + lifetime of elapsed time, whatever the wall clock does. */
class PassStatusTest {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @ParameterizedTest(name = "{4}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T02:00:00Z | 60  | 2026-11-28T03:00:00Z | 04:00 | Saturday 03:00 CET, one hour
            2026-11-25T11:00:00Z | 480 | 2026-11-25T19:00:00Z | 20:00 | Wednesday 12:00 CET, eight hours
            2026-07-15T10:00:00Z | 480 | 2026-07-15T18:00:00Z | 20:00 | Wednesday 12:00 CEST, eight hours
            2026-10-25T00:30:00Z | 60  | 2026-10-25T01:30:00Z | 02:30 | 02:30 CEST as clocks go back: an hour later it is 02:30 again
            2026-10-24T23:30:00Z | 480 | 2026-10-25T07:30:00Z | 08:30 | 01:30 CEST, eight hours across the change: nine on the wall
            2026-03-29T00:30:00Z | 60  | 2026-03-29T01:30:00Z | 03:30 | 01:30 CET as clocks go forward: two on the wall
            2026-03-28T23:00:00Z | 480 | 2026-03-29T07:00:00Z | 09:00 | midnight CET, eight hours across the change: nine on the wall
            """)
    void expiresAfterItsLifetimeOfElapsedTime(Instant start, int lifetime, Instant expires, LocalTime amsterdam, String when) {
        var status = PassStatus.of("p1", "EnabledByPolicy", start, lifetime, true, start);

        assertThat(status.expires()).isEqualTo(expires);
        assertThat(status.expires().atZone(AMSTERDAM).toLocalTime()).isEqualTo(amsterdam);
        assertThat(status.state()).isEqualTo(PassStatus.State.USABLE);
    }

    @Test
    void withoutAStartThereIsNoExpiry() {
        var status = PassStatus.of("p1", null, null, null, null, null);

        assertThat(status.expires()).isNull();
        assertThat(status.lifetimeMinutes()).isZero();
        assertThat(status.state()).isEqualTo(PassStatus.State.UNKNOWN);
    }

    /** Replacing takes an explicit yes for a pass that works, will work, or is in a state TapDesk cannot read. */
    @ParameterizedTest
    @CsvSource({"EnabledByPolicy,true", "NotYetValid,true", "SomethingNewFromGraph,true", "Expired,false",
            "OneTimeUsed,false", "DisabledByPolicy,false"})
    void aPassMayWorkUnlessGraphSaysItCannot(String reason, boolean mayWork) {
        PassStatus status = PassStatus.of("p", reason, Instant.parse("2026-11-28T02:00:00Z"), 60, true,
                Instant.parse("2026-11-28T02:00:00Z"));

        assertThat(status.mayWork()).isEqualTo(mayWork);
    }
}
