package io.tapdesk.audit;

import java.io.PrintStream;
import java.util.List;

/**
 * The one-time start of the keyed chain on an install from before it (docs/audit.md §3): under the head's lock it
 * checks the old, unkeyed rows and their version 1 head, signed with the old key's text (given in
 * TAPDESK_AUDIT_OLD_KEYS, here only), and writes one {@code upgrade} row signed with the new key that links to the
 * last old row, so the old rows are anchored by the key from then on. TapDesk itself never trusts a version 1 head:
 * until this has run it refuses to issue (the audit trail is DAMAGED: not keyed).
 * <pre>
 * TAPDESK_DB_URL=... TAPDESK_DB_USER=... TAPDESK_DB_PASSWORD=... TAPDESK_AUDIT_KEY=&lt;new key&gt; \
 * TAPDESK_AUDIT_OLD_KEYS=&lt;the key before the upgrade&gt; TAPDESK_REPAIR_BY=admin@contoso.com \
 *   java -cp tapdesk.jar -Dloader.main=io.tapdesk.audit.UpgradeAuditCommand org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 * Exits 0 after the upgrade (or when the trail is keyed already), 2 when it cannot run.
 */
public final class UpgradeAuditCommand {

    public static void main(String[] args) {
        System.exit(run(System.getenv("TAPDESK_DB_URL"), System.getenv("TAPDESK_DB_USER"), System.getenv("TAPDESK_DB_PASSWORD"),
                System.getenv("TAPDESK_AUDIT_KEY"), VerifyAuditCommand.oldKeys(System.getenv("TAPDESK_AUDIT_OLD_KEYS")),
                System.getenv("TAPDESK_REPAIR_BY"), System.out));
    }

    public static int run(String url, String user, String password, String key, List<String> oldKeys, String by,
                          PrintStream out) {
        if (by == null || by.isBlank()) {
            out.println("Set TAPDESK_REPAIR_BY (who you are) with the database and key variables.");
            return 2;
        }
        return RepairAuditCommand.reanchor(url, user, password, key, oldKeys, by.strip(),
                "upgrade to the keyed chain", true, out);
    }

    private UpgradeAuditCommand() {
    }
}
