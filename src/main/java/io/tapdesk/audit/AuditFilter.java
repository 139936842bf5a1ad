package io.tapdesk.audit;

import java.time.LocalDate;
import java.util.List;

/**
 * The audit page's filters, as the browser sent them (validated by {@link AuditQuery}). Dates are days in the
 * operator's time zone.
 */
public record AuditFilter(String operator, String person, String action, String outcome, LocalDate from, LocalDate to,
                          int page) {

    public static final List<String> ACTIONS = AuditAction.storedNames();
    public static final List<String> OUTCOMES = AuditOutcome.storedNames();

    public AuditFilter {
        operator = blankToNull(operator);
        person = blankToNull(person);
        action = action != null && ACTIONS.contains(action) ? action : null;
        outcome = outcome != null && OUTCOMES.contains(outcome) ? outcome : null;
        page = Math.max(0, page);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String describe() {
        return "operator=" + operator + " person=" + person + " action=" + action + " outcome=" + outcome
                + " from=" + from + " to=" + to;
    }
}
