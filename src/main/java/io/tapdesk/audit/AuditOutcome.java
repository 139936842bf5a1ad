package io.tapdesk.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How an audited action ended; {@link #stored()} is the word in column {@code audit_event.outcome}. */
public enum AuditOutcome {
    /** An intent row: the action is under way (shown as unknown once it is old). */
    PENDING,
    ISSUED,
    REVOKED,
    ALREADY_GONE,
    REFUSED,
    /** Graph refused: nothing changed. */
    FAILED,
    /** No clear answer from Graph: a pass may or may not exist. */
    UNKNOWN,
    EXPORTED,
    APPROVED,
    REJECTED,
    EXPIRED,
    /** The question went to the person's manager (ask-manager). */
    ASKED,
    /** The person's manager confirmed the caller (manager-answer). */
    CONFIRMED,
    /** The person's manager answered "this is not right" (manager-answer). */
    NOT_RIGHT,
    /** A repair row: the chain goes on from here, the damage found is in its detail. */
    REPAIRED,
    /** An upgrade or key-rotation row: the keyed chain (or the new key) starts here, anchoring the rows before it. */
    KEYED,
    /** The requester withdrew an open approval request. */
    WITHDRAWN,
    /** An approved request went back for approval: the person changed since the approval (the detail says how). */
    SENT_BACK,
    /** A check of the caller was recorded; it allows one action until it expires. */
    RECORDED,
    /** An incident fenced the person: no new pass until the fence ends or an Admin lifts it. */
    FENCED,
    /** An Admin lifted a person's fence (the row's reason says why). */
    LIFTED,
    /** A "Get verified" presentation did not prove the person (another person, a low face check, an error): nothing recorded. */
    NOT_VERIFIED,
    /** A hand-over was stored: the pass is made only when its recipient picks it up. */
    HANDED_OVER,
    /** A hand-over's pickup link went out (mail, Teams). */
    SENT;

    private final String stored = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String stored() {
        return stored;
    }

    /** Every stored name, for the audit page's filter. */
    public static List<String> storedNames() {
        return Arrays.stream(values()).map(AuditOutcome::stored).toList();
    }
}
