package io.tapdesk.audit;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Verifies the audit chain from the command line, without starting TapDesk:
 * <pre>
 * TAPDESK_DB_URL=jdbc:postgresql://host/tapdesk TAPDESK_DB_USER=... TAPDESK_DB_PASSWORD=... TAPDESK_AUDIT_KEY=... \
 *   java -cp tapdesk.jar -Dloader.main=io.tapdesk.audit.VerifyAuditCommand org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 * Exits 0 when the chain is intact, 1 when it names a failing row, 2 when it cannot run.
 */
public final class VerifyAuditCommand {

    public static void main(String[] args) {
        System.exit(run(System.getenv("TAPDESK_DB_URL"), System.getenv("TAPDESK_DB_USER"), System.getenv("TAPDESK_DB_PASSWORD"),
                System.getenv("TAPDESK_AUDIT_KEY"), System.out));
    }

    public static int run(String url, String user, String password, String key, PrintStream out) {
        if (url == null || key == null || key.isBlank()) {
            out.println("Set TAPDESK_DB_URL, TAPDESK_DB_USER, TAPDESK_DB_PASSWORD and TAPDESK_AUDIT_KEY.");
            return 2;
        }
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            var result = new ChainVerifier(new AuditChain(key)).verify(connection);
            if (result.intact()) {
                out.println("Audit trail intact: " + result.rows() + " rows.");
                return 0;
            }
            out.println("Audit trail BROKEN" + (result.firstBadRow() == null ? "" : " at row #" + result.firstBadRow())
                    + ": " + result.reason() + " (" + result.rows() + " rows verified before it).");
            return 1;
        } catch (SQLException e) {
            out.println("Cannot read the audit trail: " + e.getMessage());
            return 2;
        }
    }

    private VerifyAuditCommand() {
    }
}
