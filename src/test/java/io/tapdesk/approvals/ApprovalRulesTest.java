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

import org.junit.jupiter.api.Test;

class ApprovalRulesTest {

    static ApprovalRules at(String instant) {
        var properties = new ApprovalProperties(true, 240, true,
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0),
                ZoneId.of("Europe/Amsterdam"), Duration.ofHours(4));
        return new ApprovalRules(properties, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
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
}
