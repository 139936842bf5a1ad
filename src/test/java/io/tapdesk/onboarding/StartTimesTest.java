package io.tapdesk.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The start day and hours of a new hire across both 2027 daylight-saving changes, in Europe/Amsterdam (28 March,
 * 31 October) and America/New_York (14 March, 7 November). Pinned instants only: nothing reads the JVM's zone or now.
 */
class StartTimesTest {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** A pinned clock, for the record: the math takes instants only, so the machine's time and zone do not count. */
    static final Clock PINNED = Clock.fixed(Instant.parse("2027-03-01T12:00:00Z"), ZoneOffset.UTC);

    static final Duration DAY = Duration.ofHours(24);

    static OnboardingProperties properties(int passStartHour, int linkHour) {
        return new OnboardingProperties(true, 14, "Europe/Amsterdam", Map.of("NL", "Europe/Amsterdam", "US", "America/New_York"),
                passStartHour, linkHour, 1, Duration.ofMillis(1), Duration.ofMillis(10));
    }

    @Test
    void amsterdamSpringForward_theDayAfterTheChange_startsAtEightSummerTime() {
        // hired "29 March" as an HR system stores it: local midnight, in UTC
        StartTimes t = StartTimes.of(Instant.parse("2027-03-28T22:00:00Z"), AMSTERDAM, properties(8, 16), DAY);

        assertThat(t.startDay()).isEqualTo(LocalDate.of(2027, 3, 29));
        assertThat(t.passStart()).isEqualTo(Instant.parse("2027-03-29T06:00:00Z")); // 08:00 CEST (UTC+2)
        // the link goes on the day of the change itself, 16:00 CEST
        assertThat(t.linkSendAt()).isEqualTo(Instant.parse("2027-03-28T14:00:00Z"));
        assertThat(t.linkExpires()).isEqualTo(Instant.parse("2027-03-29T14:00:00Z"));
        assertThat(PINNED.instant()).isBefore(t.linkSendAt());
    }

    @Test
    void amsterdamSpringGap_anHourThatDoesNotExist_movesForwardByTheGap() {
        StartTimes t = StartTimes.of(Instant.parse("2027-03-28T09:00:00Z"), AMSTERDAM, properties(2, 2), DAY);

        assertThat(t.startDay()).isEqualTo(LocalDate.of(2027, 3, 28));
        // 02:00 does not exist on 28 March 2027: 03:00 CEST
        assertThat(t.localStart().toLocalTime()).isEqualTo(LocalTime.of(3, 0));
        assertThat(t.passStart()).isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
        // the day before is winter time: 02:00 CET exists
        assertThat(t.linkSendAt()).isEqualTo(Instant.parse("2027-03-27T01:00:00Z"));
    }

    @Test
    void amsterdamAutumn_anHourThatExistsTwice_takesTheEarlier() {
        StartTimes t = StartTimes.of(Instant.parse("2027-10-31T09:00:00Z"), AMSTERDAM, properties(2, 16), DAY);

        assertThat(t.startDay()).isEqualTo(LocalDate.of(2027, 10, 31));
        // 02:00 CEST (UTC+2), not 02:00 CET an hour later
        assertThat(t.passStart()).isEqualTo(Instant.parse("2027-10-31T00:00:00Z"));
        assertThat(t.linkSendAt()).isEqualTo(Instant.parse("2027-10-30T14:00:00Z"));
    }

    @Test
    void amsterdamAutumn_theDayAfter_startsAtEightWinterTime() {
        StartTimes t = StartTimes.of(Instant.parse("2027-10-31T23:00:00Z"), AMSTERDAM, properties(8, 16), DAY);

        assertThat(t.startDay()).isEqualTo(LocalDate.of(2027, 11, 1));
        assertThat(t.passStart()).isEqualTo(Instant.parse("2027-11-01T07:00:00Z")); // 08:00 CET (UTC+1)
        assertThat(t.linkSendAt()).isEqualTo(Instant.parse("2027-10-31T15:00:00Z")); // 16:00 CET on the change day
    }

    @Test
    void newYorkSpringGap_movesForward() {
        StartTimes t = StartTimes.of(Instant.parse("2027-03-14T15:00:00Z"), NEW_YORK, properties(2, 16), DAY);

        assertThat(t.startDay()).isEqualTo(LocalDate.of(2027, 3, 14));
        assertThat(t.localStart().toLocalTime()).isEqualTo(LocalTime.of(3, 0));
        assertThat(t.passStart()).isEqualTo(Instant.parse("2027-03-14T07:00:00Z")); // 03:00 EDT (UTC-4)
        assertThat(t.linkSendAt()).isEqualTo(Instant.parse("2027-03-13T21:00:00Z")); // 16:00 EST (UTC-5)
    }

    @Test
    void newYorkAutumn_ambiguousHour_takesTheEarlier() {
        StartTimes t = StartTimes.of(Instant.parse("2027-11-07T15:00:00Z"), NEW_YORK, properties(1, 16), DAY);

        assertThat(t.passStart()).isEqualTo(Instant.parse("2027-11-07T05:00:00Z")); // 01:00 EDT, not 01:00 EST
        assertThat(t.linkSendAt()).isEqualTo(Instant.parse("2027-11-06T20:00:00Z")); // 16:00 EDT
    }

    @Test
    void theStartDayIsTheHireDateInTheZone_notInUtc() {
        // midnight UTC of 15 March is still 14 March in New York
        Instant hire = Instant.parse("2027-03-15T00:00:00Z");
        var properties = properties(8, 16);

        assertThat(StartTimes.of(hire, properties.zoneFor("US"), properties, DAY).startDay()).isEqualTo(LocalDate.of(2027, 3, 14));
        assertThat(StartTimes.of(hire, properties.zoneFor("nl"), properties, DAY).startDay()).isEqualTo(LocalDate.of(2027, 3, 15));
        // no usage location, or one without a zone of its own: the configured zone
        assertThat(properties.zoneFor(null)).isEqualTo(AMSTERDAM);
        assertThat(properties.zoneFor("BE")).isEqualTo(AMSTERDAM);
    }

    @Test
    void onboardingOnWithoutAZone_failsAtStart() {
        assertThatThrownBy(() -> new OnboardingProperties(true, 14, null, Map.of(), 8, 16, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tapdesk.onboarding.zone");
    }
}
