package io.tapdesk.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Formats instants for pages: in the operator's zone, and in UTC beside it (agents quote either). */
@Component("displayTime")
public class DisplayTime {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT);

    /** In the operator's zone and language (day and month names). */
    public String local(Instant instant, ZoneId zone) {
        return local(instant, zone, LocaleContextHolder.getLocale());
    }

    /** In {@code zone}, day and month names in {@code locale} (a mail in several languages, written off any request). */
    public String local(Instant instant, ZoneId zone, Locale locale) {
        return instant == null ? "" : LOCAL.withLocale(locale).format(instant.atZone(zone)) + " " + zone.getId();
    }

    /** {@link #both(Instant, ZoneId)} with day and month names in {@code locale}. */
    public String both(Instant instant, ZoneId zone, Locale locale) {
        if (instant == null) {
            return "";
        }
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return LOCAL.withLocale(locale).format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
        }
        return local(instant, zone, locale) + " (" + utc(instant) + ")";
    }

    /**
     * In the operator's zone with the UTC time beside it ("Sun 6 Dec 2026, 09:15 Europe/Amsterdam (08:15 UTC)"); in
     * UTC once when that is the operator's zone. Empty for null.
     */
    public String both(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return LOCAL.withLocale(LocaleContextHolder.getLocale()).format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
        }
        return local(instant, zone) + " (" + utc(instant) + ")";
    }

    /**
     * {@code instant} rounded up to the whole minute, for a time the page promises ("the next one at 02:41"): shown to
     * the minute, a time rounded down would be refused when the operator tries at it.
     */
    public static Instant upToMinute(Instant instant) {
        Instant down = instant.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return down.equals(instant) ? instant : down.plus(java.time.Duration.ofMinutes(1));
    }

    public String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant.atOffset(ZoneOffset.UTC));
    }
}
