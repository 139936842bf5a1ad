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
 * it is broken writes one repair row (action {@code repair}, signed with the current key) that records who, why, what
 * the verifier found and the old head, linked to the chain as it now stands; the head then names that row. The damage
 * stays visible: the verifier lists every repair and what it closed.
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

    public static int run(String url, String user, String password, String key, List<String> oldKeys, String by,
                          String reason, PrintStream out) {
        if (url == null || by == null || by.isBlank() || reason == null || reason.strip().length() < 10) {
            out.println("Set TAPDESK_DB_URL, TAPDESK_DB_USER, TAPDESK_DB_PASSWORD, TAPDESK_AUDIT_KEY, TAPDESK_REPAIR_BY "
                    + "(who you are) and TAPDESK_REPAIR_REASON (what the investigation found, at least 10 characters).");
            return 2;
        }
        AuditKeys keys = VerifyAuditCommand.keys(key, oldKeys, password, out);
        if (keys == null) {
            return 2;
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try {
                ChainWriter.Head head = ChainWriter.lockHead(c, keys);
                if (head.version() == AuditChain.V2 && keys.byId(head.keyId()) == null) {
                    c.rollback();
                    out.println("The head is signed with key " + head.keyId() + ", which is not configured: give the "
                            + "current key in TAPDESK_AUDIT_KEY and earlier ones in TAPDESK_AUDIT_OLD_KEYS. Nothing written.");
                    return 2;
                }
                ChainVerifier.Walk walk = new ChainVerifier(keys).walk(c);
                if (walk.result().intact()) {
                    c.rollback();
                    VerifyAuditCommand.print(walk.result(), out);
                    out.println("Nothing to repair.");
                    return 0;
                }
                ChainVerifier.Result found = walk.result();
                String detail = "reason: " + reason.strip() + " | found: "
                        + (found.firstBadRow() == null ? "" : "row #" + found.firstBadRow() + ": ") + found.reason()
                        + " | head was: version " + head.version() + ", row #" + head.lastId() + ", sequence " + head.lastSeq()
                        + ", key " + head.keyId();
                AuditEntry entry = new AuditEntry(Instant.now(), UUID.randomUUID(), AuditAction.REPAIR.stored(), "event",
                        AuditOutcome.REPAIRED.stored(), by.strip(), by.strip(), null, null, null, null, null, null, null, null,
                        null, null, detail);
                ChainWriter.Written written = ChainWriter.write(c, keys, walk.end(), entry);
                c.commit();
                out.println("Re-anchored the audit trail at row #" + written.id() + " (sequence " + written.seq() + "): " + detail);
                return 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            out.println("Cannot repair the audit trail: " + e.getMessage());
            return 2;
        }
    }

    private RepairAuditCommand() {
    }
}
