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
        return instant == null ? "" : LOCAL.withLocale(LocaleContextHolder.getLocale()).format(instant.atZone(zone)) + " " + zone.getId();
    }

    public String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant.atOffset(ZoneOffset.UTC));
    }
}
