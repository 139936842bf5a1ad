package io.tapdesk.audit;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Re-anchors a damaged chain after an investigation (docs/audit.md §2): an administrator's tool, as it needs the audit
 * key and database credentials, which only administrators hold. Under the head's lock it verifies the chain, and when
 * it is broken (or its head is missing) writes one repair row (action {@code repair}, signed with the current key) that
 * records who, why, what the verifier found, the old head, and what it closes (the count of the rows before it and a
 * SHA-256 over all their columns), linked to the chain as it now stands; the head then names that row. The damage
 * stays visible: the verifier lists every repair, and accepts one only over exactly the rows it was written over.
 * <pre>
 * TAPDESK_DB_URL=... TAPDESK_DB_USER=... TAPDESK_DB_PASSWORD=... TAPDESK_AUDIT_KEY=... [TAPDESK_AUDIT_OLD_KEYS=...] \
 * TAPDESK_REPAIR_BY=admin@contoso.com TAPDESK_REPAIR_REASON="INC-1234: restored from backup, rows 17-19 lost" \
 *   java -cp tapdesk.jar -Dloader.main=io.tapdesk.audit.RepairAuditCommand org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 * Exits 0 after a repair (or when there is nothing to repair), 2 when it cannot run.
 */
public final class RepairAuditCommand {

    public static void main(String[] args) {
        System.exit(run(System.getenv("TAPDESK_DB_URL"), System.getenv("TAPDESK_DB_USER"), System.getenv("TAPDESK_DB_PASSWORD"),
                System.getenv("TAPDESK_AUDIT_KEY"), VerifyAuditCommand.oldKeys(System.getenv("TAPDESK_AUDIT_OLD_KEYS")),
                System.getenv("TAPDESK_REPAIR_BY"), System.getenv("TAPDESK_REPAIR_REASON"), System.out));
    }

    /** Re-anchors a damaged chain; exit code 0 (repaired, or nothing to repair) or 2 (cannot run). */
    public static int run(String url, String user, String password, String key, List<String> oldKeys, String by,
                          String reason, PrintStream out) {
        if (by == null || by.isBlank() || reason == null || reason.strip().length() < 10) {
            out.println("Set TAPDESK_DB_URL, TAPDESK_DB_USER, TAPDESK_DB_PASSWORD, TAPDESK_AUDIT_KEY, TAPDESK_REPAIR_BY "
                    + "(who you are) and TAPDESK_REPAIR_REASON (what the investigation found, at least 10 characters).");
            return 2;
        }
        return reanchor(url, user, password, key, oldKeys, by.strip(), reason.strip(), false, out);
    }

    /**
     * Writes the re-anchoring row under the head's lock: {@code upgrade} for the one-time start of the keyed chain on a
     * whole trail from before it (its version 1 head checked with the old key's text), otherwise a repair.
     */
    static int reanchor(String url, String user, String password, String key, List<String> oldKeys, String by,
                        String reason, boolean upgrade, PrintStream out) {
        if (url == null) {
            out.println("Set TAPDESK_DB_URL, TAPDESK_DB_USER, TAPDESK_DB_PASSWORD and TAPDESK_AUDIT_KEY.");
            return 2;
        }
        AuditKeys keys = VerifyAuditCommand.keys(key, oldKeys, password, out);
        if (keys == null) {
            return 2;
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try {
                ChainWriter.limitLockWait(c, 10_000);
                ChainWriter.Head head = ChainWriter.lockHead(c, keys, true);
                ChainVerifier.Walk walk = new ChainVerifier(keys).walk(c);
                Long used = ChainWriter.lastIdHandedOut(c);
                boolean idsAfterOldHead = head.version() == AuditChain.V1 && used != null && used > head.lastId();
                String refusal = upgrade ? upgradeRefusal(head, walk, keys, used, idsAfterOldHead)
                        : repairRefusal(head, walk, keys, idsAfterOldHead);
                if (refusal != null) {
                    c.rollback();
                    VerifyAuditCommand.print(walk.result(), out);
                    out.println(refusal);
                    return refusal.startsWith("Nothing") || refusal.startsWith("Already") ? 0 : 2;
                }
                ChainVerifier.Result found = walk.result();
                String unprotected = upgrade && ChainWriter.v1HeadSignedWithExample(keys, head)
                        ? "; WARNING: the old head was signed with a published example key, so the rows before this one "
                        + "were protected by nothing and prove nothing" : "";
                String finding = upgrade ? walk.end().id() + " rows from before the keyed chain, whole" + unprotected
                        : (head.created() ? "the head was missing (the trail or its head was deleted)" + (found.intact()
                        ? "" : "; ") : "") + everything(found, idsAfterOldHead, used, head);
                String detail = "reason: " + reason + " | found: " + finding + " | head was: "
                        + (head.created() ? "missing" : "version " + head.version() + ", row #" + head.lastId()
                        + ", sequence " + head.lastSeq() + ", key " + head.keyId()) + " " + walk.closes();
                AuditEntry entry = new AuditEntry(Instant.now(), UUID.randomUUID(),
                        (upgrade ? AuditAction.UPGRADE : AuditAction.REPAIR).stored(), "event",
                        (upgrade ? AuditOutcome.KEYED : AuditOutcome.REPAIRED).stored(), by, by, null, null, null, null,
                        null, null, null, null, null, null, detail);
                ChainWriter.Written written = ChainWriter.write(c, keys, walk.end(), entry);
                c.commit();
                out.println((upgrade ? "Started the keyed chain" : "Re-anchored the audit trail") + " at row #"
                        + written.id() + " (sequence " + written.seq() + "): " + detail);
                return 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | AuditUnavailable e) {
            out.println("Cannot re-anchor the audit trail: " + e.getMessage());
            return 2;
        }
    }

    /** Every problem the verifier found: a repair closes them all, so it records them all (docs/audit.md §8). */
    private static String everything(ChainVerifier.Result found, boolean idsAfterOldHead, Long used,
                                     ChainWriter.Head head) {
        if (found.intact()) {
            return "";
        }
        List<String> all = found.problems();
        String text = String.join("; ", all);
        return (found.firstBadRow() == null ? "" : "first at row #" + found.firstBadRow() + ": ") + text
                + (idsAfterOldHead ? "; audit ids up to " + used + " were handed out after the old head's row #"
                + head.lastId() : "");
    }

    private static String repairRefusal(ChainWriter.Head head, ChainVerifier.Walk walk, AuditKeys keys,
                                         boolean idsAfterOldHead) {
        if (walk.upgradable(keys) && !idsAfterOldHead) {
            return "The trail is from before the keyed chain and whole: run the one-time upgrade (UpgradeAuditCommand), "
                    + "not a repair. Nothing written.";
        }
        if (head.version() == AuditChain.V2 && keys.byId(head.keyId()) == null && walk.end().seq() > 0
                && walk.currentKeyRows() == 0) {
            // neither the head nor any keyed row is signed with this key: most likely the wrong key, and a repair with
            // it would bury a good chain (docs/audit.md §6)
            return "The head is signed with key " + head.keyId() + ", which is not configured, and no row is signed "
                    + "with TAPDESK_AUDIT_KEY: give the current key in TAPDESK_AUDIT_KEY and earlier ones in "
                    + "TAPDESK_AUDIT_OLD_KEYS. Nothing written.";
        }
        if (walk.result().intact() && !head.created()) {
            return "Nothing to repair.";
        }
        return null;
    }

    private static String upgradeRefusal(ChainWriter.Head head, ChainVerifier.Walk walk, AuditKeys keys, Long used,
                                          boolean idsAfterOldHead) {
        if (head.version() != AuditChain.V1 && walk.end().seq() > 0) {
            return "Already keyed: nothing to upgrade.";
        }
        if (idsAfterOldHead) {
            // the old head is put back after keyed rows were deleted, unless an append before the upgrade rolled back
            return "Not upgraded: audit ids up to " + used + " were handed out after the old head's row #"
                    + head.lastId() + ", so keyed rows may have been written and deleted since: compare with the shipped "
                    + "head lines. If the investigation shows none were (an append before the upgrade rolled back), "
                    + "re-anchor with the repair command, which records this.";
        }
        if (!walk.upgradable(keys)) {
            return "Not upgraded: the trail from before the keyed chain does not verify (" + walk.result().reason()
                    + "). Give the key its head was signed with in TAPDESK_AUDIT_OLD_KEYS, or investigate and repair.";
        }
        return null;
    }

    private RepairAuditCommand() {
    }
}
