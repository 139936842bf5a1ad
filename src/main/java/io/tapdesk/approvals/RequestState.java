package io.tapdesk.approvals;

import java.util.Locale;

/**
 * Where an approval request stands. {@link #stored()} is the word in {@code approval_request.state}; {@link #EXPIRED}
 * is never stored: it is an approved request not issued within {@code tapdesk.approval.issue-within}.
 */
public enum RequestState {
    PENDING, APPROVED, REJECTED, ISSUED, WITHDRAWN, EXPIRED;

    private final String stored = name().toLowerCase(Locale.ROOT);

    public String stored() {
        return stored;
    }

    static RequestState fromStored(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** The stored word, so pages can build message keys ({@code approval.state.*}). */
    @Override
    public String toString() {
        return stored;
    }
}
