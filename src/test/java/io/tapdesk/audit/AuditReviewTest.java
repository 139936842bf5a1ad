package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tapdesk.demo.DemoStack;

/**
 * Second security review of the keyed audit trail (issue #12, after the fixes of docs/audit.md §6). The attacker holds
 * the APP role's or the OWNER role's database credentials, never the current audit key. Tests marked
 * {@code FINDING Rn} assert the secure behaviour and failed on the code as reviewed (docs/audit.md §7 says how each was
 * fixed); the others are attacks that were caught and stay as regression tests.
 */
class AuditReviewTest extends ScratchTrailTest {

    static final String OLD_TEXT_KEY = "demo-audit-key-0123456789-abcdefghijklmnop";

    /**
     * An install from before the keyed chain (three version 1 rows under ids {@code ids}, a head signed with a text key),
     * migrated, and upgraded by the administrator with a new key; {@code keyedAfter} ordinary appends follow.
     * Returns the version 1 head as it was before the upgrade (what a DBA's backup holds).
     */
    Map<String, Object> upgradedInstall(long[] ids, int keyedAfter) {
        emptyDatabase("4");
        String previous = AuditChain.GENESIS;
        long last = 0;
        for (long id : ids) {
            // ids spent by rolled-back inserts of the old version: gaps are normal
            for (long spent = last + 1; spent < id; spent++) {
                sql.sql("select nextval('audit_event_id_seq')").query(Long.class).single();
            }
            AuditEntry e = entry("OLD-" + id);
            String hash = AuditChain.hash(e, previous);
            Object[] values = AuditRows.values(e);
            Object[] all = Arrays.copyOf(values, values.length + 2);
            all[values.length] = previous;
            all[values.length + 1] = hash;
            long got = sql.sql("insert into audit_event (" + AuditRows.COLUMNS + ", prev_hash, hash) values ("
                    + "?, ".repeat(values.length) + "?, ?) returning id").params(all).query(Long.class).single();
            assertThat(got).isEqualTo(id);
            previous = hash;
            last = id;
        }
        sql.sql("insert into audit_head (id, last_id, last_hash, mac) values (1, ?, ?, ?)")
                .params(last, previous, AuditChain.legacyHeadMac(OLD_TEXT_KEY.getBytes(StandardCharsets.UTF_8), last, previous))
                .update();
        AuditChains.migrate(postgres, null);
        Map<String, Object> oldHead = head();
        assertThat(upgrade(KEY, List.of(OLD_TEXT_KEY))).startsWith("0 Started the keyed chain");
        trail = trail(KEY);
        for (int i = 1; i <= keyedAfter; i++) {
            trail.append(entry("NEW-" + i));
        }
        assertThat(trail.verify().intact()).isTrue();
        return oldHead;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Findings: each test asserts the secure behaviour and failed on the code as reviewed (fixed: docs/audit.md §7)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * FINDING R1 (Medium): the verifier, and so the repair row, report only the FIRST failure. The owner plants a
     * harmless-looking failure early (row 1 names a key that "is not configured": looks like a forgotten old key) and
     * deletes the row he wants gone (row 4, say his own pass). The administrator investigates row 1, repairs, and the
     * repair row (which records only "found: row #1 ...") closes the deletion of row 4 too: never recorded anywhere,
     * the trail verifies intact from then on.
     */
    @Test
    void aRepairRecordsEveryDamageItClosesNotOnlyTheFirst() {
        ownerTampers("update audit_event set key_id = 'k-000000000000' where id = 1",
                "delete from audit_event where id = 4");
        var found = trail.verify();
        assertThat(found.firstBadRow()).isEqualTo(1);

        String repaired = repair(KEY, "INC-90: row 1 names a key from before our rotation, confirmed");
        assertThat(repaired).startsWith("0 Re-anchored");
        assertThat(trail.verify().intact()).isTrue();
        String detail = sql.sql("select detail from audit_event where kind = 'repair'").query(String.class).single();
        // FINDING (fixed): the repair row says only "found: row #1: ... not configured"; the removed row 4 (the sequence jumps
        // at row #5) is blessed without a trace. Fix: the walk collects every problem (or at least each kind and
        // the rows it names), the verifier and the repair command print them all, and the repair row records them all.
        assertThat(detail).as("what the repair row says it found").contains("rows before #5 are missing");
    }

    /**
     * FINDING R2 (Medium): an old (rotated-out) key still signs. "TAPDESK_AUDIT_OLD_KEYS ... verify, never sign"
     * (README), but the verifier and append accept rows and a head signed with an old key anywhere, also after rows
     * of the new key. Whoever holds the rotated-out key (a key is usually rotated because it leaked or its holder left)
     * plus the APP role's credentials (insert after the newest, update the head) adds forged rows that verify intact,
     * and TapDesk signs on top of them.
     */
    @Test
    void aRotatedOutKeySignsNothingAfterTheNewKeyTookOver() {
        String newKey = DemoStack.newKey();
        AuditTrail rotated = trail(newKey, KEY);
        rotated.append(entry("INC-6"));
        rotated.append(entry("INC-7"));
        assertThat(rotated.verify().intact()).isTrue();

        // the attacker: the app role's credentials and the OLD key only
        AuditKeys.Key old = key(KEY);
        Map<String, Object> h = head();
        // one session of the app role: the id drawn with nextval, then the insert under it (as TapDesk does)
        JdbcClient app = JdbcClient.create(new SingleConnectionDataSource(DemoStack.jdbcUrl(postgres), DemoStack.APP_ROLE,
                DemoStack.APP_PASSWORD, true));
        long id = app.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
        long seq = ((Number) h.get("last_seq")).longValue() + 1;
        String prev = (String) h.get("last_hash");
        AuditEntry forged = new AuditEntry(Instant.now(), UUID.randomUUID(), "revoke", "event", "revoked", "oid",
                "innocent@contoso.test", "target", "person@contoso.test", "INC-8", null, null, null, null, null, null,
                "127.0.0.1", null);
        String mac = AuditChain.rowMac(old, id, seq, forged, prev);
        insertSigned(app, old, id, seq, forged, prev, mac);
        app.sql("update audit_head set last_id = ?, last_seq = ?, last_hash = ?, key_id = ?, mac = ? where id = 1")
                .params(id, seq, mac, old.id(), AuditChain.headMac(old, id, seq, mac)).update();

        // FINDING (fixed): today the forged row verifies intact (page and command line) and the next append signs on top of it.
        // Fix: the verifier remembers the newest key seen in the walk (keys ordered: current last, old keys in the order
        // configured or by first use) and names a row, or a head, signed with a key older than one already seen; append
        // refuses a head not signed with the current key once a row of the current key exists.
        var result = rotated.verify();
        assertThat(result.intact()).as("a row signed with a rotated-out key after the new key's rows").isFalse();
        assertThat(result.firstBadRow()).isEqualTo(id);
        assertThat(cli(newKey, KEY)).startsWith("1 ");
        assertThatThrownBy(() -> rotated.append(entry("INC-9"))).isInstanceOf(AuditDamaged.class);
    }

    /**
     * FINDING R3 (Low): a version 1 row's id is covered by nothing. Its hash is over the content and the link only,
     * and the upgrade row anchors the last hash, not the ids; so the owner renumbers old rows (keeping their order, in
     * the gaps rolled-back inserts left) and the trail verifies intact, and TapDesk goes on appending. docs/audit.md §1
     * says "rewriting any of them changes that hash".
     */
    @Test
    void aVersion1RowRenumberedAfterTheUpgradeIsNamed() {
        upgradedInstall(new long[]{1, 2, 5}, 2);
        ownerTampers("alter table audit_event alter column id set generated by default",
                "update audit_event set id = 4 where id = 2",
                "alter table audit_event alter column id set generated always");

        // FINDING (fixed): intact today. Fix: the upgrade row signs what it anchors as a repair row does (count and a SHA-256 over
        // every column, id included, of every version 1 row: RowsDigest) and the verifier checks it.
        var result = trail.verify();
        assertThat(result.intact()).as("an old row renumbered").isFalse();
        assertThat(result.firstBadRow()).isIn(4L, 6L);
        assertThat(cli(KEY)).startsWith("1 ");
    }

    /**
     * FINDING R4 (Medium): the upgrade command blesses a trail whose keyed rows were deleted. The owner deletes every
     * keyed row and puts back the pre-upgrade head (a backup holds it; the id sequence is NOT reset). TapDesk says
     * DAMAGED "from before the keyed chain: an administrator runs the one-time upgrade", and the command, run again,
     * re-anchors the old rows and the trail verifies intact: the keyed rows are gone without a trace. The sequence
     * shows it (ids up to 7 were handed out, the old head names #3), as TapDesk itself uses it for a missing head.
     */
    @Test
    void theUpgradeRefusesATrailWhoseKeyedRowsWereDeleted() {
        Map<String, Object> oldHead = upgradedInstall(new long[]{1, 2, 3}, 3);
        ownerTampers("delete from audit_event where chain_version = 2");
        owner.sql("update audit_head set chain_version = 1, last_id = ?, last_seq = 0, last_hash = ?, key_id = null, mac = ?")
                .params(oldHead.get("last_id"), oldHead.get("last_hash"), oldHead.get("mac")).update();
        assertThatThrownBy(() -> trail.append(entry("NEW-4"))).isInstanceOf(AuditDamaged.class)
                .hasMessageContaining("one-time upgrade");

        // FINDING (fixed): "0 Started the keyed chain at row #8" today, and then intact. Fix: the upgrade refuses (exit 2,
        // "keyed rows were deleted: compare with the shipped head lines") when pg_sequence_last_value is above the old
        // head's last_id, i.e. ids were handed out after the last version 1 row.
        String again = upgrade(KEY, List.of(OLD_TEXT_KEY));
        assertThat(again).as("the upgrade run a second time").startsWith("2 ");
        assertThat(trail.verify().intact()).isFalse();
    }

    /**
     * FINDING R5 (Low): a NULL in a column the owner made nullable crashes the verifier and append with a
     * NullPointerException: no DAMAGED page, no metric, no ERROR line, and neither the page nor the command line names
     * the row (the command line dies with a stack trace).
     */
    @Test
    void aNullTimeInTheNewestRowIsDamageNamedByTheVerifier() {
        owner.sql("alter table audit_event alter column at drop not null").update();
        ownerTampers("update audit_event set at = null where id = 5");

        // FINDING (fixed): NullPointerException today (AuditEntry's constructor truncates a null at). Fix: AuditRows.entry
        // reads what it finds (a null at is a changed row), the walk treats a row it cannot read as a changed row.
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail.verify().firstBadRow()).isEqualTo(5);
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #5");
    }

    /**
     * FINDING R5b (Low): a column's type changed by the owner (integer to bigint: every value unchanged) makes every
     * append and every verification throw a ClassCastException ({@code (Integer) rs.getObject(...)}), not
     * AuditDamaged/AuditUnavailable: the issue and revoke pages do not say DAMAGED and the verifier names nothing.
     */
    @Test
    void aColumnTypeChangedByTheOwnerIsNoCrash() {
        owner.sql("alter table audit_event alter column lifetime_minutes type bigint").update();

        // FINDING (fixed): ClassCastException today. Fix: read numbers as Number (or check the schema at start-up and on verify
        // against the expected column types, reporting DAMAGED).
        Throwable appended = catchThrowable(() -> trail.append(entry("INC-6")));
        assertThat(appended == null || appended instanceof AuditUnavailable)
                .as("append either works or fails as the audit trail's own failure, not " + appended).isTrue();
        assertThatCode(() -> trail.verify()).doesNotThrowAnyException();
    }

    /**
     * FINDING R6 (Low): a false alarm on a genuine, new trail. A first append that rolls back (here: a row the
     * database refuses) spends audit id 1; the verifier then says the trail's rows "were deleted" although nothing
     * was ever committed. The same happens to a verification that runs while the very first append is in flight,
     * because sequences are outside the snapshot; and the app role can cause it at will with one nextval.
     */
    @Test
    void aRolledBackFirstAppendIsNoFalseAlarm() {
        emptyDatabase(null);
        AuditTrail fresh = trail(KEY);
        fresh.afterPropertiesSet();
        assertThat(fresh.verify().intact()).isTrue();
        AuditEntry refused = new AuditEntry(Instant.now(), UUID.randomUUID(), null, "event", "exported", "oid",
                "agent@contoso.test", null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> fresh.append(refused)).isInstanceOf(AuditUnavailable.class);

        // FINDING (fixed): "the trail is empty, but audit ids up to 1 were handed out: its rows were deleted" today. Fix: with a
        // signed genesis head (lastSeq 0, lastId 0) the verifier trusts the signed head, not the sequence, for an empty
        // trail: the sequence test only applies when the head is missing (the wholesale deletion of §5 then shows as a
        // missing head, or as a replayed genesis head, the known limit).
        var result = fresh.verify();
        assertThat(result.intact()).as(result.reason()).isTrue();
    }

    /** FINDING R6, the concurrent form: a verification beside the first append, still uncommitted. */
    @Test
    void aVerifyBesideTheFirstAppendInFlightIsNoFalseAlarm() throws Exception {
        emptyDatabase(null);
        AuditTrail fresh = trail(KEY);
        fresh.afterPropertiesSet();
        try (Connection inFlight = DemoStack.appDataSource(postgres).getConnection()) {
            inFlight.setAutoCommit(false);
            try (Statement s = inFlight.createStatement()) {
                s.execute("select * from audit_head where id = 1 for update");
                s.execute("select nextval(pg_get_serial_sequence('audit_event', 'id'))");
            }
            // FINDING (fixed): "its rows were deleted" today. Fix: as above.
            var result = fresh.verify();
            assertThat(result.intact()).as(result.reason()).isTrue();
            inFlight.rollback();
        }
    }

    /**
     * FINDING R7 (Low/Medium, availability): the APP role bricks the trail beyond the documented repair. V8 lets an
     * insert in under any id above the newest, so the app role inserts one row under the highest bigint; TapDesk says
     * DAMAGED (right), but the repair command can never write its row (V8 refuses every id the sequence can still hand
     * out) and says "Cannot re-anchor". The only way out is an owner deleting the row by hand.
     */
    @Test
    void theAppRoleCannotPutTheTrailBeyondRepair() {
        Throwable inserted = catchThrowable(() -> insertKeyedLooking(app, Long.MAX_VALUE, 6));
        if (inserted == null) {
            assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
            // FINDING (fixed): "2 Cannot re-anchor the audit trail: ... id 6 is not" today. Fix: V8 takes only an id the sequence
            // handed out to this session (new.id = currval(...) : ChainWriter draws it with nextval just before), so
            // neither credentials can choose one; and the repair says what to do when a row blocks it.
            assertThat(repair(KEY, "INC-91: a row under id 2^63-1 added by the app role, investigated"))
                    .startsWith("0 Re-anchored");
            trail.append(entry("INC-7"));
            assertThat(trail.verify().firstBadRow()).isEqualTo(Long.MAX_VALUE);
        }
        // refused outright: the trail stays as it was
        assertThat(inserted == null || sql.sql("select count(*) from audit_event").query(Integer.class).single() == 5)
                .isTrue();
    }

    /**
     * FINDING R8 (Low): the verifier names the wrong row for a forged unkeyed row. Rows are walked "seq nulls first",
     * so a version 1 row the owner adds after every keyed row (rule switched off, SHA-256 recomputed) is walked
     * first, links to GENESIS and passes; the verifier then blames genuine row #1 ("a row before #1 was removed,
     * added or moved"). The check "an unkeyed row among keyed ones" never fires: no version 1 row is ever walked
     * after a keyed one.
     */
    @Test
    void aForgedUnkeyedRowIsNamedByItsOwnId() {
        owner.sql("alter table audit_event disable trigger user").update();
        try {
            insertV1(owner, 1000, entry("FORGED"), AuditChain.GENESIS);
        } finally {
            owner.sql("alter table audit_event enable trigger user").update();
        }
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
        var result = trail.verify();
        assertThat(result.intact()).isFalse();
        // FINDING (fixed): names #1 today. Fix: walk in id order for version 1 rows but flag a version 1 row whose id is above
        // the smallest keyed id (or simply: order by id for the v1/v2 boundary check) as "an unkeyed row among keyed ones".
        assertThat(result.firstBadRow()).isEqualTo(1000);
    }

    /**
     * FINDING R9 (Low): the upgrade stamps a history "whole" that only a published key protected. An install from
     * before the keyed chain whose head was signed with the .env.example placeholder (the issue: "an example key is
     * accepted only to verify old rows") has unprotected old rows: the owner rewrites one, recomputes the SHA-256 links
     * and signs the version 1 head with the published text. The administrator's upgrade then writes, signed with the
     * new key, "found: 3 rows from before the keyed chain, whole", and from then on the forged history is anchored by
     * the key and verifies intact with nothing saying it was never protected.
     */
    @Test
    void anUpgradeOverAnExampleKeysHistorySaysItProvesNothing() {
        String example = "change-me-to-32-or-more-random-characters";
        emptyDatabase("4");
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= 3; i++) {
            AuditEntry e = entry("OLD-" + i);
            Object[] values = AuditRows.values(e);
            Object[] all = Arrays.copyOf(values, values.length + 2);
            all[values.length] = previous;
            all[values.length + 1] = AuditChain.hash(e, previous);
            sql.sql("insert into audit_event (" + AuditRows.COLUMNS + ", prev_hash, hash) values ("
                    + "?, ".repeat(values.length) + "?, ?)").params(all).update();
            previous = AuditChain.hash(e, previous);
        }
        sql.sql("insert into audit_head (id, last_id, last_hash, mac) values (1, 3, ?, ?)")
                .params(previous, AuditChain.legacyHeadMac(example.getBytes(StandardCharsets.UTF_8), 3, previous)).update();
        AuditChains.migrate(postgres, null);

        // the owner, knowing the published placeholder: rows 2 and 3 rewritten, links and head recomputed
        String h1 = sql.sql("select hash from audit_event where id = 1").query(String.class).single();
        ownerTampers("delete from audit_event where id in (2, 3)");
        owner.sql("alter table audit_event disable trigger user").update();
        AuditEntry forged2 = entry("OLD-2-REWRITTEN");
        AuditEntry forged3 = entry("OLD-3");
        try {
            insertV1(owner, 2, forged2, h1);
            insertV1(owner, 3, forged3, AuditChain.hash(forged2, h1));
        } finally {
            owner.sql("alter table audit_event enable trigger user").update();
        }
        String h3 = AuditChain.hash(forged3, AuditChain.hash(forged2, h1));
        owner.sql("update audit_head set last_id = 3, last_hash = ?, mac = ? where id = 1")
                .params(h3, AuditChain.legacyHeadMac(example.getBytes(StandardCharsets.UTF_8), 3, h3)).update();

        String upgraded = upgrade(KEY, List.of(example));
        // FINDING (fixed): "0 Started the keyed chain ... found: 3 rows from before the keyed chain, whole" today. Fix: with an
        // example (or short text) old key the upgrade records in its row, and prints, that the old rows were protected by
        // a published key only and prove nothing (or refuses without TAPDESK_UPGRADE_UNPROTECTED=yes).
        assertThat(upgraded).as("what the upgrade says of a history signed with a published key")
                .containsIgnoringCase("example");
    }

    /**
     * FINDING R10 (Low, availability): the APP role's credentials hang every append. It may update the head, so it may
     * lock it: {@code begin; select ... from audit_head for update;} and leave the session open. Appends wait on the
     * lock without a time limit (no lock_timeout or statement_timeout on the append's transaction), so every issue,
     * revoke and export request thread blocks, holding a pooled connection, until the pool is gone: neither the
     * DAMAGED nor the "database away" page, no metric, no log line.
     */
    @Test
    void aHeldHeadLockMakesAppendsFailNotHang() throws Exception {
        var pool = Executors.newSingleThreadExecutor();
        try (Connection holder = DemoStack.appDataSource(postgres).getConnection()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("select * from audit_head where id = 1 for update");
            }
            var appended = pool.submit(() -> trail.append(entry("INC-6")));
            try {
                // FINDING (fixed): still waiting after 10 s today. Fix: "set local lock_timeout = '<a few seconds>'" at the start
                // of the append's (and the repair's) transaction; 55P03 becomes AuditUnavailable (logged, counted).
                Throwable failed = catchThrowable(() -> appended.get(10, TimeUnit.SECONDS));
                assertThat(failed).as("an append behind a head lock held by someone else")
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(AuditUnavailable.class);
            } finally {
                holder.rollback();
                catchThrowable(() -> appended.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Attacks that were caught (kept as regression tests)
    // ---------------------------------------------------------------------------------------------------------------

    /** The owner drops the key and sequence indexes and adds an exact copy of a genuine row: named as a repeat. */
    @Test
    void anExactCopyOfAGenuineRowIsNamed() {
        owner.sql("alter table audit_event drop constraint audit_event_pkey").update();
        owner.sql("drop index audit_event_seq").update();
        ownerTampers("insert into audit_event overriding system value select * from audit_event where id = 3");
        var result = trail.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
        assertThat(result.reason()).contains("repeats sequence number 3");
        assertThat(cli(KEY)).startsWith("1 Audit trail BROKEN at row #3");
    }

    /**
     * The app role puts back an earlier genuine head (it may update the head) while the newer rows remain: the append
     * refuses and the verifier names the first row newer than the head.
     */
    @Test
    void anEarlierGenuineHeadPutBackByTheAppRoleIsNamed() {
        emptyDatabase(null);
        trail = trail(KEY);
        for (int i = 1; i <= 3; i++) {
            trail.append(entry("INC-" + i));
        }
        Map<String, Object> at3 = head();
        trail.append(entry("INC-4"));
        app.sql("update audit_head set last_id = ?, last_seq = ?, last_hash = ?, key_id = ?, mac = ? where id = 1")
                .params(at3.get("last_id"), at3.get("last_seq"), at3.get("last_hash"), at3.get("key_id"), at3.get("mac"))
                .update();
        assertThatThrownBy(() -> trail.append(entry("INC-5"))).isInstanceOf(AuditDamaged.class);
        assertThat(trail.verify().intact()).isFalse();
        assertThat(trail.verify().firstBadRow()).isEqualTo(4);
    }

    /**
     * The owner moves a genuine repair row to the end (new id and seq) after deleting the newest rows: its MAC covers
     * id and seq, so it is named.
     */
    @Test
    void aGenuineRepairRowMovedIsNamed() {
        ownerTampers("delete from audit_event where id = 5");
        assertThat(repair(KEY, "INC-92: row 5 lost in a restore, confirmed")).startsWith("0 Re-anchored");
        trail.append(entry("INC-7"));
        long repairId = sql.sql("select id from audit_event where kind = 'repair'").query(Long.class).single();
        ownerTampers("delete from audit_event where id > " + repairId,
                "alter table audit_event alter column id set generated by default",
                "update audit_event set id = 100, seq = 5 where id = " + repairId,
                "alter table audit_event alter column id set generated always");
        assertThat(trail.verify().firstBadRow()).isEqualTo(100);
        assertThatThrownBy(() -> trail.append(entry("INC-8"))).isInstanceOf(AuditDamaged.class);
    }

    /**
     * A forged row parked under a low id with a far sequence number: appends go on (the end is genuine, by design,
     * docs/audit.md §2) and the verifier keeps naming it.
     */
    @Test
    void aForgedRowParkedInTheMiddleStaysNamedWhileAppendsGoOn() {
        owner.sql("alter table audit_event drop constraint audit_event_pkey").update();
        owner.sql("alter table audit_event disable trigger user").update();
        try {
            insertKeyedLooking(owner, 3, 1000);
        } finally {
            owner.sql("alter table audit_event enable trigger user").update();
        }
        trail.append(entry("INC-6"));
        var result = trail.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
        assertThat(result.reason()).contains("changed");
    }

    /** An upgrade on a trail that is keyed already is refused, whatever the owner did to the head's version. */
    @Test
    void anUpgradeOverAKeyedTrailIsRefused() {
        owner.sql("update audit_head set chain_version = 1 where id = 1").update();
        assertThat(upgrade(KEY, List.of(OLD_TEXT_KEY))).startsWith("2 ").contains("Not upgraded");
        assertThat(sql.sql("select count(*) from audit_event where kind = 'upgrade'").query(Integer.class).single()).isZero();
    }

    /**
     * Two instances append concurrently while a third verifies over and over: the verifier never raises a false alarm
     * (one snapshot), and the sequence stays gapless while ids may not.
     */
    @Test
    void concurrentAppendsFromTwoInstancesWhileVerifyingRaiseNoFalseAlarm() throws Exception {
        AuditTrail a = trail(KEY);
        AuditTrail b = trail(KEY);
        ConcurrentLinkedQueue<String> alarms = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (AuditTrail t : List.of(a, b)) {
            writers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        t.append(entry("INC-C" + i));
                        if (i % 7 == 0) {
                            // a rolled-back append beside: an id spent, no row
                            app.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
                        }
                    }
                } catch (Exception e) {
                    alarms.add("append: " + e);
                }
            }));
        }
        Thread verifier = new Thread(() -> {
            try {
                start.await();
                while (!done.get()) {
                    var r = trail.verify();
                    if (!r.intact()) {
                        alarms.add("verify: " + r.reason());
                    }
                }
            } catch (Exception e) {
                alarms.add("verify: " + e);
            }
        });
        writers.forEach(Thread::start);
        verifier.start();
        start.countDown();
        for (Thread w : writers) {
            w.join();
        }
        done.set(true);
        verifier.join();
        assertThat(alarms).isEmpty();
        assertThat(trail.verify().rows()).isEqualTo(85);
        assertThat(sql.sql("select max(seq) from audit_event").query(Long.class).single()).isEqualTo(85);
    }
}
