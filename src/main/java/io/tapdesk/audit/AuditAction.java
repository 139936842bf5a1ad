package io.tapdesk.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an audit row is about; {@link #stored()} is the word in column {@code audit_event.kind}. */
public enum AuditAction {
    /** A new pass, the person had none (or none Graph still lists). */
    ISSUE,
    /** A new pass that replaces the person's existing one (Graph keeps one per person). */
    REPLACE,
    REVOKE,
    /** TapDesk refused before calling Graph: a guardrail or a limit. */
    REFUSED,
    EXPORT,
    /** The agent asked the person's manager to confirm the caller (verification.ManagerConfirmations). */
    ASK_MANAGER,
    /** The manager's answer to that question, or a refused attempt to answer it. */
    MANAGER_ANSWER,
    /** A step of an approval request: asked, issued. */
    REQUEST,
    APPROVE,
    REJECT,
    /** The agent (or, for them, the person's manager) recorded a check of the caller (verification.CallerChecks). */
    VERIFY,
    /** An administrator re-anchored the chain after an investigation (RepairAuditCommand; docs/audit.md §2). */
    REPAIR,
    /** The one-time start of the keyed chain on a trail from before it (UpgradeAuditCommand; docs/audit.md §3). */
    UPGRADE,
    /** TapDesk started with a new key: its first row closes the rotated-out key's run (docs/audit.md §8). */
    KEY_ROTATED,
    /** "This is not right": a person's manager reported a request about them; the person is fenced, or it is lifted. */
    INCIDENT,
    /** "Get verified" (issue 18): a Verified ID session started, refused, failed or expired; its success is a VERIFY row. */
    VERIFIED_ID,
    /** Hand-over (issue 19): made (the pass goes to a recipient, not the caller), its link sent, revoked. */
    HANDOVER,
    /** A pickup of a hand-over: refused (with the reason); a pass made at pickup is an ISSUE or REPLACE row. */
    PICKUP;

    private final String stored = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String stored() {
        return stored;
    }

    /** Every stored name, for the audit page's filter. */
    public static List<String> storedNames() {
        return Arrays.stream(values()).map(AuditAction::stored).toList();
    }
}
