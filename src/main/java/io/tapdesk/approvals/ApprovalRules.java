package io.tapdesk.approvals;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.stream.Collectors;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.tapdesk.directory.PassRequest;
import io.tapdesk.users.CardFacts;
import org.springframework.stereotype.Component;

/** Decides whether a request needs a second person, and why (message keys approval.reason.*). */
@Component
public class ApprovalRules {

    private final ApprovalProperties properties;
    private final Clock clock;

    ApprovalRules(ApprovalProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Reasons that hold for any request about this person now (the card says them up front). */
    public List<String> forPerson(CardFacts facts) {
        List<String> reasons = new ArrayList<>();
        if (properties.privilegedTarget() && facts.privilege().unknown()) {
            // fail closed, for every role: who cannot tell whether the person is privileged asks a second person
            reasons.add("approval.reason.privilege-unknown");
        } else if (properties.privilegedTarget() && facts.privilege().privileged()) {
            reasons.add("approval.reason.privileged");
        }
        if (outsideBusinessHours()) {
            reasons.add("approval.reason.hours");
        }
        return reasons;
    }

    public List<String> forRequest(CardFacts facts, PassRequest request) {
        List<String> reasons = new ArrayList<>(forPerson(facts));
        if (properties.multiUse() && !request.usableOnce()) {
            reasons.add("approval.reason.multi-use");
        }
        if (request.lifetimeMinutes() > properties.lifetimeAbove()) {
            reasons.add("approval.reason.lifetime");
        }
        return reasons;
    }

    public boolean outsideBusinessHours() {
        ZonedDateTime now = clock.instant().atZone(properties.businessZone());
        boolean day = properties.businessDays().contains(now.getDayOfWeek());
        if (properties.businessStart().equals(properties.businessEnd())) {
            return !day; // start == end: the whole day
        }
        var time = now.toLocalTime();
        return !day || time.isBefore(properties.businessStart()) || !time.isBefore(properties.businessEnd());
    }

    /**
     * The business hours as a page states them, in the operator's time zone too (converted on today's date, so a
     * clock change is taken into account): {days, hours, business zone, hours in {@code zone}, {@code zone}}, for
     * message {@code approval.hours.stated}. Hours "00:00–00:00" mean the whole day.
     */
    public Object[] hoursStated(ZoneId zone, Locale locale) {
        String days = properties.businessDays().stream().sorted()
                .map(d -> d.getDisplayName(TextStyle.SHORT, locale)).collect(Collectors.joining(", "));
        LocalDate today = clock.instant().atZone(properties.businessZone()).toLocalDate();
        ZonedDateTime start = today.atTime(properties.businessStart()).atZone(properties.businessZone());
        ZonedDateTime end = today.atTime(properties.businessEnd()).atZone(properties.businessZone());
        if (!end.isAfter(start)) {
            end = end.plusDays(1);
        }
        String there = range(start.toLocalTime(), end.toLocalTime());
        String here = range(start.withZoneSameInstant(zone).toLocalTime(), end.withZoneSameInstant(zone).toLocalTime());
        return new Object[]{days, there, properties.businessZone().getId(), here, zone.getId()};
    }

    private static String range(LocalTime from, LocalTime to) {
        return from + "\u2013" + to;
    }

    public ApprovalProperties properties() {
        return properties;
    }
}
