package io.tapdesk.audit;

/**
 * The chain does not end where its signed head says, or the head's signature fails: TapDesk will not sign on top of
 * rows it did not write (docs/audit.md §2). Fail closed as for {@link AuditUnavailable}, but nothing heals by itself:
 * an administrator investigates and re-anchors the chain ({@link RepairAuditCommand}).
 */
public class AuditDamaged extends AuditUnavailable {

    public AuditDamaged(String reason) {
        super("The audit trail is damaged: " + reason);
    }
}
