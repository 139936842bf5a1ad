package io.tapdesk.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApprovalRulesTest {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    static ApprovalRules rules(Set<DayOfWeek> days, LocalTime start, LocalTime end, Clock clock) {
        var properties = new ApprovalProperties(true, 240, true, days, start, end, AMSTERDAM, Duration.ofHours(4), Duration.ofSeconds(10));
        return new ApprovalRules(properties, clock);
    }

    static ApprovalRules at(String instant) {
        return rules(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0),
                Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void businessHoursAreReadInTheirOwnZone() {
        // Wednesday 25 November 2026: Amsterdam is UTC+1
        assertThat(at("2026-11-25T07:00:00Z").outsideBusinessHours()).isFalse(); // 08:00 there
        assertThat(at("2026-11-25T06:59:00Z").outsideBusinessHours()).isTrue();  // 07:59 there
        assertThat(at("2026-11-25T16:59:00Z").outsideBusinessHours()).isFalse(); // 17:59 there
        assertThat(at("2026-11-25T17:00:00Z").outsideBusinessHours()).isTrue();  // 18:00 there
        assertThat(at("2026-11-28T12:00:00Z").outsideBusinessHours()).isTrue();  // Saturday
    }

    /** Monday to Friday 08:00–18:00 Amsterdam; the clock itself is in a far zone, which must not matter. */
    @ParameterizedTest(name = "{2}: outside = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T02:00:00Z | true  | Saturday 03:00 CET
            2026-07-18T01:00:00Z | true  | Saturday 03:00 CEST
            2026-11-25T11:00:00Z | false | Wednesday 12:00 CET
            2026-07-15T10:00:00Z | false | Wednesday 12:00 CEST
            2026-10-23T06:30:00Z | false | Friday before clocks go back, 08:30 CEST
            2026-10-26T06:30:00Z | true  | Monday after, the same UTC time is 07:30 CET
            2026-10-26T07:00:00Z | false | Monday after, 08:00 CET
            2026-10-23T16:00:00Z | true  | Friday before, 18:00 CEST
            2026-10-26T16:30:00Z | false | Monday after, 17:30 CET
            2026-03-27T06:59:00Z | true  | Friday before clocks go forward, 07:59 CET
            2026-03-27T07:00:00Z | false | Friday before, 08:00 CET
            2026-03-30T05:59:00Z | true  | Monday after, 07:59 CEST
            2026-03-30T06:00:00Z | false | Monday after, 08:00 CEST
            2026-03-30T16:30:00Z | true  | Monday after, the Friday's 17:30 CET in UTC is 18:30 CEST
            """)
    void businessHoursAtAnyInstantAcrossDaylightSaving(Instant at, boolean outside, String when) {
        var rules = rules(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0),
                Clock.fixed(at, ZoneId.of("Pacific/Kiritimati")));

        assertThat(rules.outsideBusinessHours()).isEqualTo(outside);
    }

    /** Hours of 02:00–03:00 every day: the hour Amsterdam's clocks skip in March and run twice in October. */
    @ParameterizedTest(name = "{2}: outside = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-10-24T23:59:00Z | true  | 01:59 CEST, 25 October
            2026-10-25T00:00:00Z | false | 02:00 CEST
            2026-10-25T00:30:00Z | false | 02:30 CEST
            2026-10-25T01:30:00Z | false | 02:30 CET, the same wall time an hour later
            2026-10-25T02:00:00Z | true  | 03:00 CET
            2026-03-29T00:59:00Z | true  | 01:59 CET, 29 March
            2026-03-29T01:00:00Z | true  | 03:00 CEST: 02:00 never came
            """)
    void anHourThatDaylightSavingSkipsOrRepeats(Instant at, boolean outside, String when) {
        assertThat(twoToThree(Clock.fixed(at, ZoneOffset.UTC)).outsideBusinessHours()).isEqualTo(outside);
    }

    @Test
    void theNightsOfTheChangeHaveNoneOrTwoHoursOf02To03() {
        assertThat(minutesInside(Instant.parse("2026-03-28T22:00:00Z"), Duration.ofHours(6))).as("29 March").isZero();
        assertThat(minutesInside(Instant.parse("2026-10-24T22:00:00Z"), Duration.ofHours(6))).as("25 October").isEqualTo(120);
        assertThat(minutesInside(Instant.parse("2026-11-27T22:00:00Z"), Duration.ofHours(6))).as("an ordinary night").isEqualTo(60);
    }

    static ApprovalRules twoToThree(Clock clock) {
        return rules(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 0), LocalTime.of(3, 0), clock);
    }

    static long minutesInside(Instant from, Duration length) {
        return Stream.iterate(from, t -> t.isBefore(from.plus(length)), t -> t.plus(Duration.ofMinutes(1)))
                .filter(t -> !twoToThree(Clock.fixed(t, ZoneOffset.UTC)).outsideBusinessHours())
                .count();
    }

    /** Privilege that could not be read asks for a second person like privilege does, for every requester. */
    @Test
    void privilegeThatCannotBeReadNeedsApprovalLikePrivilege() {
        var rules = at("2026-11-25T11:00:00Z"); // Wednesday 12:00 in Amsterdam: inside business hours
        var unread = new io.tapdesk.users.Privilege.Unread(io.tapdesk.users.Privilege.Read.MEMBERSHIPS,
                new io.tapdesk.web.Problem(org.springframework.http.HttpStatus.NOT_FOUND, "gone", "", "", "", ""));
        var eligible = new io.tapdesk.users.Privilege(java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of("Global Administrator"), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                io.tapdesk.users.Privilege.Eligibility.CHECKED, java.util.List.of());
        var unknown = new io.tapdesk.users.Privilege(java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                io.tapdesk.users.Privilege.Eligibility.CHECKED, java.util.List.of(unread));

        assertThat(rules.forPerson(facts(io.tapdesk.users.Privilege.none()))).isEmpty();
        assertThat(rules.forPerson(facts(eligible))).containsExactly("approval.reason.privileged");
        assertThat(rules.forPerson(facts(unknown))).containsExactly("approval.reason.privilege-unknown");
    }

    static io.tapdesk.users.CardFacts facts(io.tapdesk.users.Privilege privilege) {
        var user = new io.tapdesk.directory.DirectoryUser("5e1f0c2a-7d3b-4c8e-9a61-000000000001", "Adele Vance",
                "adele@contoso.test", null, true, "Member", null, null, null, null, null, java.util.List.of(), null);
        return new io.tapdesk.users.CardFacts(user, io.tapdesk.users.Part.of(io.tapdesk.directory.PassStatus.none()),
                io.tapdesk.users.Part.of(java.util.List.of()), io.tapdesk.users.Part.of(java.util.Optional.empty()), privilege,
                new io.tapdesk.policy.TenantPolicy.Reading(null, io.tapdesk.policy.TenantPolicy.Source.UNAVAILABLE, null),
                io.tapdesk.users.PolicyCoverage.UNKNOWN);
    }
}
