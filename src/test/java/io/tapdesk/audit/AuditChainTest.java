package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoStack;

/**
 * The keyed chain on a real PostgreSQL (docs/audit.md): every kind of tampering by someone with the database's
 * credentials but not the key is caught at the right row, by the page's check and the command line's, and the app
 * refuses to append on top of it.
 */
class AuditChainTest extends ScratchTrailTest {

    /** Tampering as a database owner would: with the append-only trigger switched off. */
    void tamper(String statement) {
        sql.sql("alter table audit_event disable trigger audit_event_no_update").update();
        try {
            sql.sql(statement).update();
        } finally {
            sql.sql("alter table audit_event enable trigger audit_event_no_update").update();
        }
    }

    @Test
    void anUntouchedChainIsIntact() {
        var result = trail.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(cli(KEY)).startsWith("0 Audit trail intact: 5 rows.");
        assertThat(sql.sql("select count(*) from audit_event where chain_version = 2 and mac is not null and hash is null")
                .query(Integer.class).single()).isEqualTo(5);
    }

    @Test
    void theTableRefusesUpdatesAndDeletesEvenToItsOwner() {
        assertThatThrownBy(() -> sql.sql("update audit_event set ticket = 'X' where id = 2").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql.sql("delete from audit_event where id = 2").update())
                .hasMessageContaining("append-only");
    }

    @Test
    void aRowEditedWithTheTriggerDisabledIsNamed() {
        tamper("update audit_event set ticket = 'INC-999' where id = 3");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
        assertThat(result.reason()).contains("changed");
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #3");
    }

    /** Every column of audit_event, as the database lists them: a new column is covered, or this test fails. */
    @Test
    void anEditToAnyAuditColumnNamesThatRow() throws SQLException {
        List<String[]> columns = sql.sql("select column_name, data_type from information_schema.columns "
                + "where table_schema = 'public' and table_name = 'audit_event' order by ordinal_position")
                .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2)}).list();
        assertThat(columns).hasSizeGreaterThanOrEqualTo(25);
        List<String> checked = new ArrayList<>();
        for (String[] column : columns) {
            String name = column[0];
            String edit = switch (column[1]) {
                case "text" -> "coalesce(" + name + ", '') || 'x'";
                case "timestamp with time zone" -> "coalesce(" + name + ", now()) + interval '1 second'";
                case "uuid" -> "gen_random_uuid()";
                case "boolean" -> "not coalesce(" + name + ", false)";
                case "bigint", "integer", "smallint" -> name.equals("id") ? "default" : "coalesce(-" + name + ", 1)";
                default -> fail("no edit for column " + name + " of type " + column[1] + ": add one");
            };
            UUID actionId = sql.sql("select action_id from audit_event where id = 3").query(UUID.class).single();
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                c.setAutoCommit(false);
                try (var s = c.createStatement()) {
                    s.execute("alter table audit_event disable trigger audit_event_no_update");
                    s.execute("update audit_event set " + name + " = " + edit + " where id = 3");
                    // the row as it now is: an edited id is a new number, found by the action id
                    long edited = 3;
                    if (name.equals("id")) {
                        try (var rs = s.executeQuery("select id from audit_event where action_id = '" + actionId + "'")) {
                            rs.next();
                            edited = rs.getLong(1);
                        }
                        assertThat(edited).isNotEqualTo(3);
                    }
                    var result = new ChainVerifier(AuditKeys.of(KEY, List.of())).verify(c);
                    assertThat(result.intact()).as(name).isFalse();
                    assertThat(result.firstBadRow()).as(name + ": " + result.reason()).isEqualTo(edited);
                    checked.add(name);
                } finally {
                    c.rollback();
                }
            }
        }
        assertThat(checked).contains("id", "seq", "chain_version", "key_id", "mac", "prev_hash", "hash", "at", "detail");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void aDeletedMiddleRowIsCaughtBySequence() {
        tamper("delete from audit_event where id = 3");

        var result = trail.verify();

        assertThat(result.firstBadRow()).isEqualTo(4);
        assertThat(result.reason()).contains("rows before #4 are missing");
    }

    @Test
    void gapsInIdsFromRolledBackInsertsAreNormal() {
        sql.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
        sql.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();

        trail.append(entry("INC-6"));

        assertThat(sql.sql("select max(id) from audit_event").query(Long.class).single()).isEqualTo(8);
        assertThat(trail.verify().intact()).isTrue();
        assertThat(trail.verify().rows()).isEqualTo(6);
    }

    @Test
    void rowsRemovedFromTheEndAreCaughtByTheHeadAndNothingIsAppended() {
        tamper("delete from audit_event where id >= 4");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(5);
        assertThat(result.reason()).contains("newest rows are missing");
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(meters.counter("tapdesk.audit.damaged").count()).isEqualTo(1.0);
        assertThat(sql.sql("select count(*) from audit_event").query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void deletingTheNewestRowsAndRewritingTheHeadWithoutTheKeyIsCaught() {
        String mac3 = sql.sql("select mac from audit_event where id = 3").query(String.class).single();
        tamper("delete from audit_event where id >= 4");
        sql.sql("update audit_head set last_id = 3, last_seq = 3, last_hash = '" + mac3 + "'").update();

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.reason()).contains("head was changed");
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class)
                .hasMessageContaining("head's signature");
    }

    @Test
    void reorderedRowsAreNamed() {
        // swap the content of rows 2 and 3, links and MACs and all
        tamper("update audit_event a set ticket = b.ticket, action_id = b.action_id, at = b.at, prev_hash = b.prev_hash, "
                + "mac = b.mac, seq = b.seq + 100 "
                + "from (select id, ticket, action_id, at, prev_hash, mac, seq from audit_event where id in (2, 3)) b "
                + "where a.id in (2, 3) and b.id = 5 - a.id");
        tamper("update audit_event set seq = seq - 100 where seq > 100");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
    }

    /**
     * The review's forgery, with database credentials only: disable the trigger, delete two rows, edit one, recompute
     * the hashes, set the head, enable the trigger. Caught before and after one more ordinary append, which refuses.
     */
    @Test
    void theReviewsForgeryIsCaughtAndTheNextAppendRefuses() {
        tamper("delete from audit_event where id in (2, 4)");
        tamper("update audit_event set ticket = 'INC-FORGED' where id = 3");
        // recompute every link and "MAC" after row 1 as the attacker can (SHA-256: no key), renumber, set the head
        String link = sql.sql("select mac from audit_event where id = 1").query(String.class).single();
        long seq = 1;
        for (long id : List.of(3L, 5L)) {
            var row = sql.sql(ChainWriter.SELECT_ROW + " where id = ?").param(id)
                    .query((rs, n) -> AuditRows.entry(rs)).single();
            String mac = AuditChain.hash(row, link);
            seq++;
            tamper("update audit_event set prev_hash = '" + link + "', mac = '" + mac + "', seq = " + seq + " where id = " + id);
            link = mac;
        }
        sql.sql("update audit_head set last_id = 5, last_seq = " + seq + ", last_hash = '" + link + "'").update();

        assertThat(trail.verify().firstBadRow()).isEqualTo(3);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #3");

        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);

        assertThat(trail.verify().intact()).isFalse();
        assertThat(trail.verify().firstBadRow()).isEqualTo(3);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #3");
        assertThat(sql.sql("select count(*) from audit_event").query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void anAdministratorReanchorsTheChainWithTheReasonRecorded() {
        tamper("delete from audit_event where id = 2 or id >= 5");
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(repair(KEY, "INC-42: rows lost in a restore, confirmed with the DBA"))
                .startsWith("0 Re-anchored the audit trail at row #");

        var result = trail.verify();

        assertThat(result.intact()).as(result.reason()).isTrue();
        assertThat(result.repairs()).singleElement().asString().contains("INC-42", "rows before #3 are missing");
        String detail = sql.sql("select detail from audit_event where kind = 'repair'").query(String.class).single();
        assertThat(detail).contains("INC-42", "rows before #3 are missing", "head was: version 2, row #5, sequence 5");
        assertThat(sql.sql("select operator_upn from audit_event where kind = 'repair'").query(String.class).single())
                .isEqualTo("admin@contoso.test");
        trail.append(entry("INC-6"));
        assertThat(trail.verify().intact()).isTrue();
        assertThat(cli(KEY)).startsWith("0 Audit trail intact").contains("Re-anchored earlier: row #");
        // nothing to repair on an intact chain, and no row written
        assertThat(repair(KEY, "checking again, all is well")).contains("Nothing to repair.");
        // the repair needs a reason, and the key that signed the head
        assertThat(repair(KEY, "")).startsWith("2 ");
        assertThat(repair(DemoStack.newKey(), "someone without the key")).startsWith("2 ").contains("not configured");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void rotationKeepsBothHalvesVerifiable() {
        String newKey = DemoStack.newKey();
        AuditTrail rotated = trail(newKey, KEY);
        for (int i = 6; i <= 8; i++) {
            rotated.append(entry("INC-" + i));
        }

        assertThat(rotated.verify().intact()).isTrue();
        assertThat(rotated.verify().rows()).isEqualTo(8);
        assertThat(sql.sql("select count(distinct key_id) from audit_event").query(Integer.class).single()).isEqualTo(2);
        assertThat(cliWith(newKey, List.of(KEY))).startsWith("0 Audit trail intact: 8 rows.");
        // without the old key, its rows cannot be checked: named, not passed
        assertThat(cliWith(newKey, List.of())).startsWith("1 Audit trail BROKEN at row #1").contains("not configured");
        // an edit in the old half is still caught
        tamper("update audit_event set ticket = 'INC-X' where id = 2");
        assertThat(rotated.verify().firstBadRow()).isEqualTo(2);
    }

    /** An install from before the keyed chain: version 1 rows signed with a text key, upgraded by V5. */
    @Test
    void anOldKeyInstallUpgradedStaysVerifiable() {
        String oldKey = "demo-audit-key-0123456789-abcdefghijklmnop";
        emptyDatabase("4");
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= 3; i++) {
            AuditEntry e = entry("OLD-" + i);
            String hash = AuditChain.hash(e, previous);
            Object[] values = AuditRows.values(e);
            Object[] all = Arrays.copyOf(values, values.length + 2);
            all[values.length] = previous;
            all[values.length + 1] = hash;
            sql.sql("insert into audit_event (" + AuditRows.COLUMNS + ", prev_hash, hash) values ("
                    + "?, ".repeat(values.length) + "?, ?)").params(all).update();
            previous = hash;
        }
        sql.sql("insert into audit_head (id, last_id, last_hash, mac) values (1, 3, ?, ?)")
                .params(previous, AuditChain.legacyHeadMac(oldKey.getBytes(StandardCharsets.UTF_8), 3, previous)).update();
        migrate(null);
        Map<String, Object> oldHead = sql.sql("select * from audit_head").query().singleRow();

        // the old key is refused as the signing key, and TapDesk itself takes no text key even as an old one
        assertThatThrownBy(() -> trail(oldKey)).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> trail(KEY, oldKey)).hasMessageContaining("one-time upgrade");
        // until the upgrade, TapDesk will not sign on top of the old head, and says what to do
        AuditTrail app = trail(KEY);
        assertThatThrownBy(() -> app.append(entry("NEW-0"))).isInstanceOf(AuditDamaged.class)
                .hasMessageContaining("one-time upgrade");
        assertThat(app.verify().reason()).contains("one-time upgrade");
        // the command line with the old key checks the old rows and head, and still says the upgrade is missing
        assertThat(cliWith(KEY, List.of(oldKey))).startsWith("1 ").contains("before the keyed chain");
        assertThat(upgrade(KEY, List.of())).startsWith("2 Audit trail BROKEN").contains("Not upgraded");
        assertThat(upgrade(KEY, List.of(oldKey))).startsWith("0 Started the keyed chain at row #4");
        assertThat(upgrade(KEY, List.of(oldKey))).contains("Already keyed");

        app.append(entry("NEW-1"));
        app.append(entry("NEW-2"));

        assertThat(app.verify().intact()).isTrue();
        assertThat(app.verify().rows()).isEqualTo(6);
        // from now on the old key is needed nowhere: the old rows are anchored by the upgrade row
        assertThat(cliWith(KEY, List.of())).startsWith("0 Audit trail intact: 6 rows.");
        assertThat(sql.sql("select kind || '/' || outcome from audit_event where id = 4").query(String.class).single())
                .isEqualTo("upgrade/keyed");
        tamper("update audit_event set ticket = 'OLD-X' where id = 2");
        assertThat(app.verify().firstBadRow()).isEqualTo(2);
        tamper("update audit_event set ticket = 'OLD-2' where id = 2");
        assertThat(app.verify().intact()).isTrue();

        // docs/audit.md §6.2: the saved pre-upgrade head put back after deleting every keyed row
        tamper("delete from audit_event where chain_version = 2");
        sql.sql("update audit_head set chain_version = 1, last_id = ?, last_seq = 0, last_hash = ?, key_id = null, mac = ?")
                .params(oldHead.get("last_id"), oldHead.get("last_hash"), oldHead.get("mac")).update();
        assertThatThrownBy(() -> app.append(entry("NEW-3"))).isInstanceOf(AuditDamaged.class);
        assertThatThrownBy(() -> trail(KEY).append(entry("NEW-3"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail(KEY).verify().intact()).isFalse();
        assertThat(cliWith(KEY, List.of(oldKey))).startsWith("1 ").contains("compare with the shipped head lines");
    }

    /**
     * An install whose key before the upgrade was already base64 of 32 bytes keeps it (the issue: "existing installs
     * keep working with their current key"); TapDesk still never trusts the old head, only the upgrade command does.
     */
    @Test
    void anInstallWithARealKeyKeepsItThroughTheUpgrade() {
        emptyDatabase("4");
        AuditEntry e = entry("OLD-1");
        String hash = AuditChain.hash(e, AuditChain.GENESIS);
        Object[] values = AuditRows.values(e);
        Object[] all = Arrays.copyOf(values, values.length + 2);
        all[values.length] = AuditChain.GENESIS;
        all[values.length + 1] = hash;
        sql.sql("insert into audit_event (" + AuditRows.COLUMNS + ", prev_hash, hash) values ("
                + "?, ".repeat(values.length) + "?, ?)").params(all).update();
        sql.sql("insert into audit_head (id, last_id, last_hash, mac) values (1, 1, ?, ?)")
                .params(hash, AuditChain.legacyHeadMac(KEY.getBytes(StandardCharsets.UTF_8), 1, hash)).update();
        migrate(null);
        Map<String, Object> oldHead = sql.sql("select * from audit_head").query().singleRow();

        assertThatThrownBy(() -> trail(KEY).append(entry("NEW-0"))).isInstanceOf(AuditDamaged.class);
        assertThat(upgrade(DemoStack.newKey(), List.of())).startsWith("2 ").contains("Not upgraded");
        assertThat(upgrade(KEY, List.of())).startsWith("0 Started the keyed chain at row #");
        trail(KEY).append(entry("NEW-1"));
        assertThat(cliWith(KEY, List.of())).startsWith("0 Audit trail intact: 3 rows.");

        // the saved old head put back after deleting the keyed rows: TapDesk refuses, though it holds that key
        tamper("delete from audit_event where chain_version = 2");
        sql.sql("update audit_head set chain_version = 1, last_id = ?, last_seq = 0, last_hash = ?, key_id = null, mac = ?")
                .params(oldHead.get("last_id"), oldHead.get("last_hash"), oldHead.get("mac")).update();
        assertThatThrownBy(() -> trail(KEY).append(entry("NEW-2"))).isInstanceOf(AuditDamaged.class)
                .hasMessageContaining("keyed rows were deleted");
        assertThat(cliWith(KEY, List.of())).startsWith("1 ").contains("compare with the shipped head lines");
    }

    @Test
    void theHeadGoesToTheLogEveryNAppends() {
        Logger logger = (Logger) LoggerFactory.getLogger("tapdesk.audit.head");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            AuditTrail every2 = trail(KEY, 2);
            every2.append(entry("INC-6"));
            every2.append(entry("INC-7"));
            every2.destroy();

            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(2)
                    .allMatch(line -> line.matches("audit-head seq=7 id=7 mac=[0-9a-f]{64} key=k-[0-9a-f]{12} at=\\S+ reason=\\S+"))
                    .anyMatch(line -> line.endsWith("reason=every-2"))
                    .anyMatch(line -> line.endsWith("reason=shutdown"));
        } finally {
            logger.detachAppender(lines);
        }
    }

    String cliWith(String key, List<String> oldKeys) {
        return cli(key, oldKeys.toArray(String[]::new));
    }
}
