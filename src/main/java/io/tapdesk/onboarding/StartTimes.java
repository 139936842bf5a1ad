package io.tapdesk.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a new hire's pass starts and when the manager's link goes, from the hire date Graph stores in UTC.
 *
 * <p>The local start day is the date of {@code employeeHireDate} in the person's zone. Daylight saving: a local hour
 * that does not exist that day (the spring gap) moves forward by the length of the gap (02:30 becomes 03:30 in
 * Europe/Amsterdam); an hour that exists twice (autumn) takes the earlier of the two. This is
 * {@link ZonedDateTime#of}'s rule, said here because the page and the README promise it.
 *
 * @param startDay    the local start day
 * @param zone        the zone it was read in
 * @param passStart   the instant the pass starts working ({@code passStartHour} local on the start day)
 * @param linkSendAt  the instant the link mail goes ({@code linkHour} local, {@code linkDaysBefore} days before)
 * @param linkExpires the instant the link stops working ({@code linkSendAt} + {@code tapdesk.handover.onboarding-link-expires})
 */
public record StartTimes(LocalDate startDay, ZoneId zone, Instant passStart, Instant linkSendAt, Instant linkExpires) {

    /**
     * The times for a hire date {@code hireDate} read in {@code zone} with the hours of {@code properties}; a sent link
     * works for {@code linkLifetime}.
     */
    public static StartTimes of(Instant hireDate, ZoneId zone, OnboardingProperties properties, Duration linkLifetime) {
        return of(hireDate, zone, properties.passStartHour(), properties.linkHour(), properties.linkDaysBefore(),
                linkLifetime);
    }

    static StartTimes of(Instant hireDate, ZoneId zone, int passStartHour, int linkHour, int linkDaysBefore,
                         Duration linkLifetime) {
        LocalDate day = hireDate.atZone(zone).toLocalDate();
        Instant start = ZonedDateTime.of(day, LocalTime.of(passStartHour, 0), zone).toInstant();
        Instant send = ZonedDateTime.of(day.minusDays(linkDaysBefore), LocalTime.of(linkHour, 0), zone).toInstant();
        return new StartTimes(day, zone, start, send, send.plus(linkLifetime));
    }

    /** The local wall-clock time the pass starts (after a spring gap: later than the configured hour). */
    public ZonedDateTime localStart() {
        return passStart.atZone(zone);
    }

    public ZonedDateTime localSend() {
        return linkSendAt.atZone(zone);
    }
}
