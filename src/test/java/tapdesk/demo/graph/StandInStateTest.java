package tapdesk.demo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.tapdesk.support.SettableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tapdesk.demo.DemoPeople;

/**
 * The stand-in's pass status follows its clock (the tests' clock, plus what a test advances), at chosen instants and
 * across Amsterdam's clock changes: its seed is relative to that clock, and a pass expires after its lifetime.
 */
class StandInStateTest {

    static final String INSTANTS = """
            2026-11-28T02:00:00Z, Saturday 03:00 Amsterdam (CET)
            2026-11-25T11:00:00Z, Wednesday 12:00 Amsterdam (CET)
            2026-07-18T01:00:00Z, Saturday 03:00 Amsterdam (CEST)
            2026-07-15T10:00:00Z, Wednesday 12:00 Amsterdam (CEST)
            2026-10-25T00:30:00Z, 02:30 CEST as clocks go back
            2026-03-29T00:30:00Z, 01:30 CET as clocks go forward
            """;

    static String reason(StandInState state, DemoPeople.Person person) {
        return state.pass(person.id()).orElseThrow().reason(state.now());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(textBlock = INSTANTS)
    void theSeedIsRelativeToTheClock(Instant at, String when) {
        var state = new StandInState(SettableClock.at(at));

        assertThat(state.now()).isEqualTo(at);
        assertThat(reason(state, DemoPeople.MEGAN)).isEqualTo("EnabledByPolicy");
        assertThat(reason(state, DemoPeople.named("Lee Gu"))).isEqualTo("Expired");
        assertThat(reason(state, DemoPeople.named("Isaiah Langer"))).isEqualTo("NotYetValid");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(textBlock = INSTANTS)
    void aPassIsNotYetValidThenUsableThenExpiredAsTheClockRuns(Instant at, String when) {
        var clock = SettableClock.at(at);
        var state = new StandInState(clock);
        Instant start = at.plus(Duration.ofHours(1));

        state.create(DemoPeople.ADELE, start, 60, true);

        assertThat(reason(state, DemoPeople.ADELE)).isEqualTo("NotYetValid");
        clock.advance(Duration.ofHours(1).minusNanos(1));
        assertThat(reason(state, DemoPeople.ADELE)).isEqualTo("NotYetValid");
        clock.advance(Duration.ofNanos(1));
        assertThat(reason(state, DemoPeople.ADELE)).isEqualTo("EnabledByPolicy");
        clock.advance(Duration.ofHours(1).minusNanos(1));
        assertThat(reason(state, DemoPeople.ADELE)).as("the last moment of its hour").isEqualTo("EnabledByPolicy");
        clock.advance(Duration.ofNanos(1));
        assertThat(reason(state, DemoPeople.ADELE)).isEqualTo("Expired");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(textBlock = INSTANTS)
    void advancingMovesTheClockOnTopOfItsBaseUntilReset(Instant at, String when) {
        var state = new StandInState(SettableClock.at(at));

        state.advanceClock(Duration.ofHours(3));

        assertThat(state.now()).isEqualTo(at.plus(Duration.ofHours(3)));
        assertThat(reason(state, DemoPeople.MEGAN)).as("two hours' pass, ten minutes old at the start").isEqualTo("Expired");
        state.reset();
        assertThat(state.now()).isEqualTo(at);
        assertThat(reason(state, DemoPeople.MEGAN)).isEqualTo("EnabledByPolicy");
    }
}
