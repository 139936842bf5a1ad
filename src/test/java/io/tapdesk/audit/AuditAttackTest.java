package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoStack;

/**
 * Security review of the keyed audit trail: an insider with the APP role's credentials, and separately with the OWNER
 * role's credentials but without the audit key, tries to rewrite the trail. The first part: attacks caught from the
 * start; the second: the review's findings (docs/audit.md §6), each of which passed the forgery off before its fix.
 */
class AuditAttackTest extends ScratchTrailTest {

    static final String EXAMPLE_KEY = "change-me-to-32-or-more-random-characters";

    // ---------------------------------------------------------------------------------------------------------------
    // What held (passing)
    // ---------------------------------------------------------------------------------------------------------------

    /** The app role's rights by hand: every statement that would let it rewrite the trail is refused. */
    @Test
    void theAppRoleIsRefusedEverythingThatRewrites() throws Exception {
        List<String> refused = List.of(
                "alter table audit_event disable trigger audit_event_no_update",
                "alter table audit_event disable trigger all",
                "alter table audit_event add column x int",
                "alter table audit_head add column x int",
                "alter table audit_event owner to tapdesk_app",
                "drop trigger audit_event_no_update on audit_event",
                "delete from audit_event where id = 2",
                "update audit_event set ticket = 'X' where id = 2",
                "truncate audit_event",
                "truncate audit_head",
                "delete from audit_head",
                "drop table audit_event",
                "create or replace function audit_event_append_only() returns trigger language plpgsql as "
                        + "$$ begin return new; end $$",
                "create function public.evil() returns trigger language plpgsql as $$ begin return new; end $$",
                "create table public.audit_event_shadow (id int)",
                "create schema tapdesk_app",
                "create trigger t before insert on audit_event for each row execute function audit_event_append_only()",
                "grant tapdesk_owner to tapdesk_app",
                "set role tapdesk_owner",
                "set session authorization tapdesk_owner",
                "alter role tapdesk_app superuser",
                "create role evil login",
                "set session_replication_role = replica",
                "create extension if not exists pgcrypto",
                "alter table audit_event enable row level security");
        List<String> allowed = new ArrayList<>();
        for (String statement : refused) {
            try (Connection c = DemoStack.appDataSource(postgres).getConnection(); Statement s = c.createStatement()) {
                s.execute(statement);
                allowed.add(statement);
            } catch (java.sql.SQLException expected) {
                // refused
            }
        }
        assertThat(allowed).as("statements the app role was allowed").isEmpty();
        // granting itself more is not an error in PostgreSQL (a warning: "no privileges were granted"), so check the effect
        app.sql("grant update, delete, truncate on audit_event to tapdesk_app").update();
        assertThat(sql.sql("select has_table_privilege('tapdesk_app', 'audit_event', 'UPDATE') "
                + "or has_table_privilege('tapdesk_app', 'audit_event', 'DELETE') "
                + "or has_table_privilege('tapdesk_app', 'audit_event', 'TRUNCATE') "
                + "or has_table_privilege('tapdesk_app', 'audit_event', 'TRIGGER') "
                + "or has_schema_privilege('tapdesk_app', 'public', 'CREATE') "
                + "or has_database_privilege('tapdesk_app', 'postgres', 'CREATE')").query(Boolean.class).single()).isFalse();
        // ... and it owns nothing
        assertThat(sql.sql("select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = ?")
                .param(DemoStack.APP_ROLE).query(Integer.class).single()).isZero();
        assertThat(trail.verify().intact()).isTrue();
    }

    /** The review's forgery, done as the owner without the key (best effort: links and sequence made consistent). */
    @Test
    void theReviewsForgeryAsTheOwnerIsNamedAndTheNextAppendRefuses() {
        Map<String, Object> h = head();
        String mac1 = sql.sql("select mac from audit_event where id = 1").query(String.class).single();
        ownerTampers(
                "delete from audit_event where id in (2, 3)",
                "update audit_event set ticket = 'INC-FORGED', seq = 2, prev_hash = '" + mac1 + "' where id = 4",
                "update audit_event set seq = 3 where id = 5");
        // the head: the attacker can move its columns but not re-sign; best he can do is point it at the end
        owner.sql("update audit_head set last_seq = 3 where id = 1").update();

        var before = trail.verify();
        assertThat(before.intact()).isFalse();
        assertThat(before.firstBadRow()).isEqualTo(4);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #4");

        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail.verify().firstBadRow()).isEqualTo(4);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #4");
        restoreHead(owner, h);
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
    }

    /** Truncate everything and write a fresh, self-consistent chain without the key. */
    @Test
    void aFreshChainWrittenWithoutTheKeyIsCaught() {
        owner.sql("truncate audit_event").update();
        owner.sql("update audit_head set last_id = 0, last_seq = 0, last_hash = 'GENESIS' where id = 1").update();
        owner.sql("alter table audit_event disable trigger user").update();
        String prev = AuditChain.GENESIS;
        for (int i = 1; i <= 2; i++) {
            AuditEntry fake = entry("FAKE-" + i);
            insertV1(owner, 100 + i, fake, prev);
            prev = AuditChain.hash(fake, prev);
        }
        owner.sql("alter table audit_event enable trigger user").update();
        assertThat(trail.verify().intact()).isFalse();
        assertThat(cli(KEY)).startsWith("1 ");
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
    }

    @Test
    void swappedSequenceNumbersAreNamed() {
        ownerTampers("update audit_event set seq = -seq where id in (2, 3)",
                "update audit_event set seq = 3 where id = 2", "update audit_event set seq = 2 where id = 3");
        assertThat(trail.verify().intact()).isFalse();
        assertThat(trail.verify().firstBadRow()).isIn(2L, 3L);
    }

    @Test
    void aRowsKeyIdChangedIsNamed() {
        ownerTampers("update audit_event set key_id = 'k-000000000000' where id = 3");
        assertThat(trail.verify().firstBadRow()).isEqualTo(3);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #3");
    }

    /** Downgrading the newest keyed row to version 1 (so only SHA-256 would be checked). */
    @Test
    void theNewestKeyedRowDowngradedToVersion1IsCaughtAndAppendRefuses() {
        AuditEntry e = sql.sql(ChainWriter.SELECT_ROW + " where id = 5").query((rs, n) -> AuditRows.entry(rs)).single();
        ownerTampers("update audit_event set chain_version = 1, seq = null, key_id = null, mac = null, prev_hash = 'GENESIS', "
                + "hash = '" + AuditChain.hash(e, AuditChain.GENESIS) + "', ticket = ticket where id = 5");
        assertThat(trail.verify().intact()).isFalse();
        assertThat(cli(KEY)).startsWith("1 ");
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
    }

    /** The app role sets the head's key id to one nobody has: appends fail closed, the verifier says so. */
    @Test
    void anUnknownHeadKeyIdFailsClosed() {
        app.sql("update audit_head set key_id = 'k-000000000000' where id = 1").update();
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail.verify().intact()).isFalse();
        assertThat(cli(KEY)).startsWith("1 ").contains("not configured");
        // chain_version set to something unknown on the head (key id put back): fails closed too
        app.sql("update audit_head set key_id = ?, chain_version = 3 where id = 1").param(KEY_ID()).update();
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail.verify().intact()).isFalse();
    }

    static String KEY_ID() {
        return AuditKeys.of(KEY, List.of()).current().id();
    }

    /** Identity gaps are normal; a gap in seq made by deleting a middle row is not. */
    @Test
    void aMiddleRowDeletedIsNamedDespiteIdentityGapsBeingNormal() {
        ownerTampers("delete from audit_event where id = 3");
        assertThat(trail.verify().firstBadRow()).isEqualTo(4);
    }

    /** The example key and passwords are refused, by the app and by the command line. */
    @Test
    void exampleKeysAndPasswordsAreRefused() {
        assertThatThrownBy(() -> AuditKeys.of(EXAMPLE_KEY, List.of())).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> AuditKeys.of(" " + EXAMPLE_KEY + "\n", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditKeys.refuseExamplePassword("p", "change-me-three")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditKeys.refuseExamplePassword("p", "change-me-too ")).isInstanceOf(IllegalArgumentException.class);
        var out = new ByteArrayOutputStream();
        assertThat(VerifyAuditCommand.run(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "change-me-three", KEY,
                List.of(), new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(cli(EXAMPLE_KEY)).startsWith("2 ");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The review's findings (docs/audit.md §6): each was passed off as intact, or misnamed, before its fix
    // ---------------------------------------------------------------------------------------------------------------

    /** §6.1: a genuine repair row forgave every failure before it, including edits made after the repair. */
    @Test
    void aRepairClosesOnlyTheRowsItWasWrittenOver() {
        ownerTampers("delete from audit_event where id = 5");
        assertThat(repair(KEY, "INC-77: row 5 lost in a restore, confirmed")).startsWith("0 Re-anchored");
        trail.append(entry("INC-7"));
        assertThat(trail.verify().intact()).isTrue();
        assertThat(sql.sql("select detail from audit_event where kind = 'repair'").query(String.class).single())
                .matches(".*\\| closes: 4 rows, sha256 [0-9a-f]{64}$");

        // after the repair, the owner edits a row before it: named, not forgiven
        ownerTampers("update audit_event set ticket = 'INC-EDITED' where id = 2");
        assertThat(trail.verify().firstBadRow()).isEqualTo(2);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #2");
        ownerTampers("update audit_event set ticket = 'INC-2' where id = 2");
        assertThat(trail.verify().intact()).isTrue();

        // ... or removes one: named where the sequence jumps, and the repair does not forgive it
        ownerTampers("delete from audit_event where id = 1");
        var removed = trail.verify();
        assertThat(removed.intact()).isFalse();
        assertThat(removed.firstBadRow()).isEqualTo(2);
        assertThat(removed.repairs()).isEmpty();
    }

    /** §6.1: a forged unkeyed row placed before the keyed ones, plus a repair, read as intact; and it was named #1. */
    @Test
    void aForgedRowBeforeARepairIsNamedByItsOwnId() {
        ownerTampers("delete from audit_event where id = 5");
        assertThat(repair(KEY, "INC-78: row 5 lost in a restore, confirmed")).startsWith("0 Re-anchored");
        owner.sql("alter table audit_event disable trigger user").update();
        insertV1(owner, -1, entry("FORGED"), AuditChain.GENESIS);
        owner.sql("alter table audit_event enable trigger user").update();

        var result = trail.verify();
        assertThat(result.firstBadRow()).isEqualTo(-1);
        assertThat(result.reason()).contains("never hands out");
    }

    /** §6.1, §6.5: the app role's INSERT chose ids and versions; now only keyed rows, each after the newest. */
    @Test
    void theAppRoleCannotPlaceRowsAmongTheKeyedOnes() {
        assertThatThrownBy(() -> insertV1(app, 1000, entry("FORGED"), AuditChain.GENESIS))
                .hasMessageContaining("keyed rows only");
        assertThatThrownBy(() -> insertKeyedLooking(app, 3, 6)).hasMessageContaining("appended after the newest");
        assertThatThrownBy(() -> insertKeyedLooking(app, -5, 6)).hasMessageContaining("appended after the newest");
        assertThat(sql.sql("select count(*) from audit_event").query(Integer.class).single()).isEqualTo(5);
        assertThat(trail.verify().intact()).isTrue();

        // ... nor above it under an id of its choosing (the highest bigint would leave no id for a repair row)
        assertThatThrownBy(() -> insertKeyedLooking(app, Long.MAX_VALUE, 6)).hasMessageContaining("nextval");
        // a row under the id nextval gives, claiming the next sequence number: the next append says DAMAGED
        try (Connection c = DemoStack.appDataSource(postgres).getConnection()) {
            JdbcClient session = JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true));
            long id = session.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
            insertKeyedLooking(session, id, 6);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
    }

    /** §6.5: a sequence number claimed under a low id (the owner, rule switched off) made appends "unavailable". */
    @Test
    void aPreClaimedSequenceNumberIsDamageNotAnOutage() {
        owner.sql("alter table audit_event disable trigger user").update();
        insertKeyedLooking(owner, -5, 6);
        owner.sql("alter table audit_event enable trigger user").update();

        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class)
                .hasMessageContaining("sequence 6");
        assertThat(trail.verify().firstBadRow()).isEqualTo(-5);
    }

    /** §6.4: the whole trail and its head deleted: the app made a fresh empty head and went on as if new. */
    @Test
    void aTrailDeletedWholesaleIsNotStartedAfreshSilently() {
        ownerTampers("delete from audit_event");
        owner.sql("delete from audit_head").update();

        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class)
                .hasMessageContaining("ids up to 5 were handed out");
        trail(KEY).afterPropertiesSet();
        assertThat(sql.sql("select count(*) from audit_head").query(Integer.class).single()).isZero();
        assertThat(trail.verify().reason()).contains("ids up to 5 were handed out");
        assertThat(cli(KEY)).startsWith("1 ").contains("Head checked: none");

        // the administrator's repair records it, and the trail goes on from there
        assertThat(repair(KEY, "INC-99: trail deleted by a restore script, confirmed"))
                .startsWith("0 Re-anchored").contains("head was: missing");
        trail.append(entry("INC-6"));
        assertThat(trail.verify().intact()).isTrue();
    }

    /** §6.4: the verifier shows the head it checked, in the shipped head lines' terms, to compare with the log. */
    @Test
    void theVerifierShowsTheHeadItChecked() {
        Map<String, Object> h = head();
        String line = "seq=5 id=5 mac=" + h.get("last_hash") + " key=" + KEY_ID() + " version=2";
        assertThat(trail.verify().head()).isEqualTo(line);
        assertThat(cli(KEY)).contains("Head checked: " + line);
    }

    /** §6.5: a head naming a key nobody has blocked the repair, though the rows show the configured key is right. */
    @Test
    void aHeadWithAnUnknownKeyIdCanBeRepaired() {
        app.sql("update audit_head set key_id = 'k-000000000000' where id = 1").update();
        assertThat(repair(KEY, "INC-80: head rewritten by the app role")).startsWith("0 Re-anchored");
        trail.append(entry("INC-6"));
        assertThat(trail.verify().intact()).isTrue();
        // with a key that signed nothing here, still refused
        app.sql("update audit_head set key_id = 'k-000000000000' where id = 1").update();
        assertThat(repair(DemoStack.newKey(), "INC-81: someone with the wrong key")).startsWith("2 ").contains("not configured");
    }

    /** §6.3: an example key in TAPDESK_AUDIT_OLD_KEYS let the owner wipe the trail and sign a version 1 head. */
    @Test
    void anExampleOldKeyCannotSignAHeadForTapDesk() {
        assertThatThrownBy(() -> trail(KEY, EXAMPLE_KEY)).hasMessageContaining("one-time upgrade");
        ownerTampers("delete from audit_event");
        owner.sql("update audit_head set chain_version = 1, last_id = 1, last_seq = 0, key_id = null, last_hash = ?, mac = ?")
                .params("h", AuditChain.legacyHeadMac(EXAMPLE_KEY.getBytes(StandardCharsets.UTF_8), 1, "h")).update();
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail.verify().intact()).isFalse();
    }
}
