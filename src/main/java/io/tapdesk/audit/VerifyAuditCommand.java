package io.tapdesk.audit;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies the audit chain from the command line, without starting TapDesk (the same keys and rules as the app:
 * docs/audit.md §3):
 * <pre>
 * TAPDESK_DB_URL=jdbc:postgresql://host/tapdesk TAPDESK_DB_USER=... TAPDESK_DB_PASSWORD=... TAPDESK_AUDIT_KEY=... \
 * [TAPDESK_AUDIT_OLD_KEYS=...] \
 *   java -cp tapdesk.jar -Dloader.main=io.tapdesk.audit.VerifyAuditCommand org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 * Exits 0 when the chain is intact, 1 when it names a failing row, 2 when it cannot run.
 */
public final class VerifyAuditCommand {

    public static void main(String[] args) {
        System.exit(run(System.getenv("TAPDESK_DB_URL"), System.getenv("TAPDESK_DB_USER"), System.getenv("TAPDESK_DB_PASSWORD"),
                System.getenv("TAPDESK_AUDIT_KEY"), oldKeys(System.getenv("TAPDESK_AUDIT_OLD_KEYS")), System.out));
    }

    /** TAPDESK_AUDIT_OLD_KEYS: comma-separated (base64 has no commas). */
    static List<String> oldKeys(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The keys (and the password) by the app's rules, or null after saying what is wrong. */
    static AuditKeys keys(String key, List<String> oldKeys, String password, PrintStream out) {
        try {
            AuditKeys.refuseExamplePassword("TAPDESK_DB_PASSWORD", password);
            return AuditKeys.of(key, oldKeys);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return null;
        }
    }

    public static int run(String url, String user, String password, String key, List<String> oldKeys, PrintStream out) {
        if (url == null) {
            out.println("Set TAPDESK_DB_URL, TAPDESK_DB_USER, TAPDESK_DB_PASSWORD and TAPDESK_AUDIT_KEY (and TAPDESK_AUDIT_OLD_KEYS after a rotation).");
            return 2;
        }
        AuditKeys keys = keys(key, oldKeys, password, out);
        if (keys == null) {
            return 2;
        }
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            var result = new ChainVerifier(keys).verify(connection);
            print(result, out);
            return result.intact() ? 0 : 1;
        } catch (SQLException e) {
            out.println("Cannot read the audit trail: " + e.getMessage());
            return 2;
        }
    }

    static void print(ChainVerifier.Result result, PrintStream out) {
        if (result.intact()) {
            out.println("Audit trail intact: " + result.rows() + " rows.");
        } else {
            out.println("Audit trail BROKEN" + (result.firstBadRow() == null ? "" : " at row #" + result.firstBadRow())
                    + ": " + result.reason() + " (" + result.rows() + " rows verified before it).");
        }
        result.problems().stream().skip(1).forEach(problem -> out.println("Also: " + problem));
        result.repairs().forEach(repair -> out.println("Re-anchored earlier: " + repair));
        // compare with the newest shipped head line: a head older than it means rows were removed (docs/audit.md §5)
        out.println("Head checked: " + (result.head() == null ? "none" : result.head()));
    }

    private VerifyAuditCommand() {
    }
}
