package io.tapdesk.passes;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tapdesk.audit.AuditProperties;
import io.tapdesk.web.FreeText;
import io.tapdesk.handover.HandOver;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.TapPolicy;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

/**
 * Parses the issue form strictly: whole minutes only, the checkbox is "true" or absent, the start is a real
 * date and time in the operator's zone (not in a DST gap, not in the past) and becomes a UTC instant.
 */
@Component
public class IssueFormParser {

    /** Graph's absolute bounds; the tenant policy narrows them and Graph says so when it refuses. */
    static final int MIN_LIFETIME = 10;
    static final int MAX_LIFETIME = 43200;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    static final int MAX_NOTE = 500;
    /** YYYY-MM-DD exactly, as the form's hint says: four digits of year, no sign. */
    private static final Pattern DATE_TEXT = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Clock clock;
    private final Pattern ticketPattern;
    private final String ticketExamples;

    IssueFormParser(Clock clock, AuditProperties audit) {
        this.clock = clock;
        this.ticketExamples = audit.ticketExamples();
        this.ticketPattern = Pattern.compile(audit.ticketPattern());
    }

    /** The form's ticket, stripped, or null with the reason in {@code errors}. */
    public String ticket(IssueForm form, Errors errors) {
        String ticket = form.getTicket() == null ? "" : form.getTicket().strip();
        if (!ticketPattern.matcher(ticket).matches()) {
            // says which forms are expected; the form comes back with every value as typed
            errors.rejectValue("ticket", "issue.error.ticket", new Object[]{ticketExamples}, null);
            return null;
        }
        return ticket;
    }

    /**
     * Who receives the pass: {@code Optional.empty()} for the caller (the field absent or {@code caller}), else
     * {@code manager} or {@code person}; anything else is a form error on {@code recipient} and returns null.
     */
    public Optional<HandOver.RecipientKind> recipient(IssueForm form, Errors errors) {
        String raw = form.getRecipient();
        if (raw == null || raw.isEmpty() || "caller".equals(raw)) {
            return Optional.empty();
        }
        if ("manager".equals(raw) || "person".equals(raw)) {
            return Optional.of(HandOver.RecipientKind.of(raw));
        }
        errors.rejectValue("recipient", "handover.error.recipient");
        return null;
    }

    /** The ticket, stripped, when it has the configured form; else null. */
    public String ticket(String raw) {
        String ticket = raw == null ? "" : raw.strip();
        return ticketPattern.matcher(ticket).matches() ? ticket : null;
    }

    /** A revoke's reason, stripped: required, at most {@link #MAX_NOTE} characters, no control characters; else null. */
    public String reason(String raw) {
        String reason = FreeText.of(raw);
        return reason.isEmpty() || reason.length() > MAX_NOTE || FreeText.hasControl(reason) ? null : reason;
    }

    /** The ticket forms accepted, in words ({@code tapdesk.audit.ticket-examples}), for hints and errors. */
    public String ticketExamples() {
        return ticketExamples;
    }

    /**
     * Returns the request, or null with the reasons recorded in {@code errors} against each field. When the tenant
     * policy is known its lifetime range and its one-time rule apply; otherwise Graph's absolute range does.
     */
    public PassRequest parse(IssueForm form, ZoneId zone, TapPolicy policy, Errors errors) {
        int min = policy == null ? MIN_LIFETIME : policy.minimumLifetime();
        int max = policy == null ? MAX_LIFETIME : policy.maximumLifetime();
        Integer lifetime = lifetime(form.getLifetimeMinutes(), min, max, policy != null, errors);
        Boolean oneTime = oneTime(form.getOneTime(), errors);
        if (policy != null && policy.usableOnceOnly() && Boolean.FALSE.equals(oneTime)) {
            errors.rejectValue("oneTime", "issue.error.one-time.policy");
        }
        if (form.getReplace() != null && !form.isReplaceConfirmed()) {
            errors.rejectValue("replace", "issue.error.replace");
        }
        Instant start = start(form.getStartDate(), form.getStartTime(), zone, errors);
        if (errors.hasErrors()) {
            return null;
        }
        return new PassRequest(lifetime, oneTime, start);
    }

    private static Integer lifetime(String raw, int min, int max, boolean fromPolicy, Errors errors) {
        String text = raw == null ? "" : raw.strip();
        if (!text.matches("[0-9]{1,6}")) {
            errors.rejectValue("lifetimeMinutes", "issue.error.lifetime.number");
            return null;
        }
        int minutes = Integer.parseInt(text);
        if (minutes < min || minutes > max) {
            errors.rejectValue("lifetimeMinutes", fromPolicy ? "issue.error.lifetime.policy" : "issue.error.lifetime.range",
                    new Object[]{min, max}, null);
            return null;
        }
        return minutes;
    }

    private static Boolean oneTime(String raw, Errors errors) {
        if (raw == null) {
            return false;
        }
        if (!raw.equals("true")) {
            errors.rejectValue("oneTime", "issue.error.one-time");
            return null;
        }
        return true;
    }

    private Instant start(String rawDate, String rawTime, ZoneId zone, Errors errors) {
        String date = rawDate == null ? "" : rawDate.strip();
        String time = rawTime == null ? "" : rawTime.strip();
        if (date.isEmpty() && time.isEmpty()) {
            return null;
        }
        if (date.isEmpty() || time.isEmpty()) {
            errors.rejectValue(date.isEmpty() ? "startDate" : "startTime", "issue.error.start.both");
            return null;
        }
        LocalDateTime local;
        if (!DATE_TEXT.matcher(date).matches()) {
            // 'uuuu' alone also takes a signed year ("+999999999-12-31"): a start no audit row or Graph can hold
            errors.rejectValue("startDate", "issue.error.start.format");
            return null;
        }
        try {
            local = LocalDateTime.of(LocalDate.parse(date, DATE), LocalTime.parse(time, TIME));
        } catch (DateTimeParseException e) {
            errors.rejectValue("startDate", "issue.error.start.format");
            return null;
        }
        var offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            errors.rejectValue("startTime", "issue.error.start.gap", new Object[]{zone.getId()}, null);
            return null;
        }
        // in an autumn overlap the earlier offset is the one a person means first
        Instant start = local.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
        if (!start.isAfter(clock.instant())) {
            errors.rejectValue("startDate", "issue.error.start.past");
            return null;
        }
        return start;
    }
}
