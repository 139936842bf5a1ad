package io.tapdesk.verification;

import java.time.Instant;
import java.util.UUID;

import io.tapdesk.web.DisplayTime;

/**
 * One incident and the fence it put on a person: no new pass for them from {@code created} until {@code until}, unless
 * lifted earlier ({@code liftedAt} and the rest of the lift set together). Times are UTC instants from the app's clock.
 *
 * @param reason      why, a stored word: {@value Incidents#MANAGER_NOT_RIGHT}
 * @param reportedBy  who reported it (the person's manager)
 * @param askedBy     the operator whose request was reported, or null
 * @param ticket      the ticket of that request, or null
 * @param reporterAddress the reporter's client address as TapDesk saw it, or null
 * @param text        what the reporter typed, or null
 */
public record Fence(UUID id, Party person, String reason, Instant created, Instant until, Party reportedBy,
                    Party askedBy, String ticket, String reporterAddress, String text, Instant liftedAt,
                    String liftedByUpn, String liftedReason) {

    /** The end as pages show it, to the minute and rounded up: a pass is never promised before the fence ends. */
    public Instant untilShown() {
        return DisplayTime.upToMinute(until);
    }

    /** Whether this fence refuses passes at {@code now}: not lifted, not yet ended. */
    public boolean activeAt(Instant now) {
        return liftedAt == null && until.isAfter(now);
    }
}
