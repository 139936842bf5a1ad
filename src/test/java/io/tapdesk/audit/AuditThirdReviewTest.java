package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tapdesk.demo.DemoStack;

/**
 * Third security review of the keyed audit trail (issue #12, after the fixes of docs/audit.md §6 and §7). The attacker
 * holds the APP role's or the OWNER role's database credentials, never the current audit key (a rotated-out key may
 * be known). Tests marked {@code FINDING Tn} assert the secure behaviour and failed on the code as reviewed (docs/audit.md
 * §8 says how each was fixed, and the one left as a design limit); the others are attacks that were caught and stay
 * as regression tests.
 */
class AuditThirdReviewTest extends ScratchTrailTest {

    /** One session of the app role (nextval and the insert under it must share a session: V8's currval rule). */
    JdbcClient appSession() {
        return JdbcClient.create(new SingleConnectionDataSource(DemoStack.jdbcUrl(postgres), DemoStack.APP_ROLE,
                DemoStack.APP_PASSWORD, true));
    }

    /** Appends {@code ticket} after the head, signed with {@code key} (a key the attacker holds), and moves the head. */
    long appendSignedWith(JdbcClient as, AuditKeys.Key key, String ticket) {
        Map<String, Object> h = head();
        long id = as.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
        long seq = ((Number) h.get("last_seq")).longValue() + 1;
        String prev = (String) h.get("last_hash");
        AuditEntry forged = new AuditEntry(Instant.now(), UUID.randomUUID(), "approve", "event", "approved", "oid",
                "innocent@contoso.test", "target", "person@contoso.test", ticket, null, null, null, null, null, null,
                "127.0.0.1", "request #7 by someone@contoso.test");
        String mac = AuditChain.rowMac(key, id, seq, forged, prev);
        insertSigned(as, key, id, seq, forged, prev, mac);
        as.sql("update audit_head set chain_version = 2, last_id = ?, last_seq = ?, last_hash = ?, key_id = ?, mac = ? "
                + "where id = 1").params(id, seq, mac, key.id(), AuditChain.headMac(key, id, seq, mac)).update();
        return id;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Findings: each test asserts the secure behaviour and failed on the code as reviewed (fixed: docs/audit.md §8)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * FINDING T1 (High): the repair's "closes" digest leaves out the content of a row it cannot read.
     * {@code ChainVerifier.remember} writes "?" instead of the row's columns when {@code AuditRows.entry} throws. The
     * owner changes a column's type (here {@code start_at} to text: every other row still reads) and garbles one row's
     * value: the verifier names
     * the row as "changed (cannot be read)", the administrator investigates and repairs, as §2 and §7 R5 intend. From
     * then on every other column of that row (who did it, to whom, the ticket, the detail) can be rewritten at will:
     * the row stays unreadable, so its share of the digest stays "?", the repair keeps closing it and the trail
     * verifies intact; TapDesk appends on top.
     */
    @Test
    void anUnreadableRowsContentIsInTheRepairsDigest() {
        ownerTampers("alter table audit_event alter column start_at type text",
                "update audit_event set start_at = 'soon' where id = 3");
        assertThat(trail.verify().firstBadRow()).isEqualTo(3);
        assertThat(repair(KEY, "INC-301: row 3's start time garbled by a failed migration, content checked against "
                + "the backup")).startsWith("0 Re-anchored");
        assertThat(trail.verify().intact()).isTrue();

        // after the repair, with the owner's credentials only: rewrite who did what in the unreadable row
        ownerTampers("update audit_event set operator_upn = 'innocent@contoso.test', target_upn = 'other@contoso.test', "
                + "ticket = 'INC-FORGED', kind = 'reject', detail = 'rewritten after the repair' where id = 3");
        trail.append(entry("INC-6"));

        // FINDING (fixed): intact today (page and command line), and the append above signed on top. Fix: remember() digests
        // the columns as stored text (rs.getString of every column, null as a distinct marker) instead of the parsed
        // entry, so an unreadable row's content is covered too; or refuse to repair while a row cannot be read.
        var result = trail.verify();
        assertThat(result.intact()).as("a row rewritten after the repair that closed it").isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
        assertThat(cli(KEY)).startsWith("1 ");
    }

    /**
     * FINDING T2 (Low): in the "closes" digest a null column and the text "-" encode alike ({@code remember} turns null
     * into "-" before the length prefix: both are "1:-;"). So after any repair the owner can set a version 2 row's
     * {@code hash} (or a version 1 row's {@code key_id}, {@code mac}) from null to '-': the verifier sees the row as
     * changed, but the repair after it still matches and clears it. "Can two different row sets give the same
     * encoding?": yes.
     */
    @Test
    void aNullAndADashAreDifferentInTheRepairsDigest() {
        ownerTampers("delete from audit_event where id = 4");
        assertThat(repair(KEY, "INC-302: row 4 lost in a restore, confirmed")).startsWith("0 Re-anchored");
        assertThat(trail.verify().intact()).isTrue();

        ownerTampers("update audit_event set hash = '-' where id = 2");

        // FINDING (fixed): intact today. Fix: encode null as a marker no value can produce (e.g. "-;" without a length prefix,
        // as AuditEntry.canonical does), and digest the stored text of every column.
        var result = trail.verify();
        assertThat(result.intact()).as("a keyed row given a hash after the repair").isFalse();
        assertThat(result.firstBadRow()).isEqualTo(2);
    }

    /**
     * FINDING T3 (Low): numbers are read lossily. §7 R5 made {@code AuditRows} read a number as any {@code Number} and
     * take {@code intValue()}; so the owner widens {@code lifetime_minutes} to bigint and stores 2^32 + 60 where 60
     * was signed. The MAC (and a repair's digest) see 60: the row verifies intact while the database says 4294967356
     * minutes. No repair needed.
     */
    @Test
    void aWidenedNumberIsReadAsStoredNotTruncated() {
        ownerTampers("alter table audit_event alter column lifetime_minutes type bigint",
                "update audit_event set lifetime_minutes = 4294967356 where id = 3");
        assertThat(sql.sql("select lifetime_minutes from audit_event where id = 3").query(Long.class).single())
                .isEqualTo(4_294_967_356L);

        // FINDING (fixed): intact today. Fix: read the number exactly (Math.toIntExact, or a long/BigDecimal in canonical()),
        // and treat a value that is not what TapDesk writes (out of int range, a fraction, text) as a changed row.
        var result = trail.verify();
        assertThat(result.intact()).as("a lifetime changed from 60 to 2^32 + 60").isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
    }

    /**
     * FINDING T4 (Medium): a rotated-out key keeps signing until the new key's first append. R2's rule only bites once
     * a row of the current key exists. The administrator rotates as the README says (stop, set the new key and the
     * old one in TAPDESK_AUDIT_OLD_KEYS, start): TapDesk starts, writes nothing with the new key until someone
     * issues, revokes or exports. Meanwhile whoever kept the old key (the reason to rotate) with only the APP role's
     * credentials appends forged rows signed with it and moves the head: the trail verifies intact, and the next
     * append signs on top, making them permanent.
     */
    @Test
    void aRotatedOutKeySignsNothingOnceTheNewKeyStarted() {
        String newKey = DemoStack.newKey();
        AuditTrail rotated = trail(newKey, KEY);
        rotated.afterPropertiesSet(); // TapDesk started with the new key

        long forged = appendSignedWith(appSession(), key(KEY), "INC-FORGED");
        // TapDesk's start wrote the new key's first row, so the old key's row after it is refused, not signed on top
        assertThatThrownBy(() -> rotated.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);

        // FINDING (fixed): intact today, the forged approval inside the keyed chain. Fix: at start-up, when the head is signed
        // with another key than the current one, append a "key rotated" row signed with the current key (so from the
        // first start on the old key's run is closed by a row it cannot forge), or let TAPDESK_AUDIT_OLD_KEYS say up to
        // which sequence number each old key signed (key@seq) and name any row of that key after it.
        var result = rotated.verify();
        assertThat(result.intact()).as("a row signed with the rotated-out key after the new key started").isFalse();
        assertThat(result.firstBadRow()).isEqualTo(forged);
    }

    /**
     * FINDING T5 (Low): the repair row records at most 50 problems "then a count" (§7 R1's fix). The owner plants 50
     * harmless-looking problems (rows naming a key that "is not configured", as R1) before the deletion he wants
     * gone; the repair row, the permanent record, says "and 1 more" instead of "rows before #N are missing", and the
     * repair command prints only that. R1 again, one step further.
     */
    @Test
    void aRepairRecordsTheDeletionBehindFiftyPlantedProblems() {
        for (int i = 6; i <= 56; i++) {
            trail.append(entry("INC-" + i));
        }
        ownerTampers("update audit_event set key_id = 'k-000000000000' where id <= 50",
                "delete from audit_event where id = 53");
        assertThat(repair(KEY, "INC-305: rows 1-50 name a key from before our rotation, confirmed"))
                .startsWith("0 Re-anchored");
        String detail = sql.sql("select detail from audit_event where kind = 'repair'").query(String.class).single();

        // FINDING (fixed): the repair row says "...; and 1 more". Fix: record every problem (they are short), or at least each
        // kind of problem with the rows it names (a range), or refuse to repair past 50 without listing the rest.
        assertThat(detail).as("what the repair row says it found").contains("rows before #54 are missing");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Attacks that were caught (kept as regression tests)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * V8's "after the newest" reads max(id) in the inserting session's snapshot, so a row the app role inserts while
     * TapDesk's append is in flight lands under a lower id than TapDesk's row. The end stays genuine (appends go on, by
     * design), and the verifier names the slipped-in row.
     */
    @Test
    void aRowSlippedInBesideAnAppendInFlightIsNamed() throws Exception {
        JdbcClient attacker = appSession();
        long slipped = attacker.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
        AuditKeys keys = AuditKeys.forTapDesk(KEY, java.util.List.of());
        try (Connection tapdesk = DemoStack.appDataSource(postgres).getConnection()) {
            tapdesk.setAutoCommit(false);
            var tip = ChainWriter.checkedTip(tapdesk, keys, ChainWriter.lockHead(tapdesk, keys, false));
            var written = ChainWriter.write(tapdesk, keys, tip, entry("INC-6"));
            assertThat(written.id()).isGreaterThan(slipped);
            insertKeyedLooking(attacker, slipped, 1000); // accepted: TapDesk's row is not committed yet
            tapdesk.commit();
        }
        trail.append(entry("INC-7"));
        var result = trail.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.problems()).anyMatch(p -> p.contains("#" + slipped));
    }

    /**
     * V8's currval rule rests on the app role being unable to move the id sequence: it may draw (usage) but not set it,
     * so it cannot make currval name an id below the newest row, nor "reset the sequence" as the owner can.
     */
    @Test
    void theAppRoleCannotMoveTheIdSequence() {
        JdbcClient attacker = appSession();
        assertThatThrownBy(() -> attacker.sql("select setval(pg_get_serial_sequence('audit_event', 'id'), 2)")
                .query(Long.class).single()).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> attacker.sql("alter sequence audit_event_id_seq restart with 2").update())
                .rootCause().hasMessageContaining("must be owner");
        long drawn = attacker.sql("select nextval(pg_get_serial_sequence('audit_event', 'id'))").query(Long.class).single();
        trail.append(entry("INC-6"));
        // the id drawn before TapDesk's append is now below the newest: V8 refuses it
        assertThatThrownBy(() -> insertKeyedLooking(attacker, drawn, 1000)).rootCause().hasMessageContaining("appended after the newest");
        assertThat(trail.verify().intact()).isTrue();
    }

    /**
     * The closes digest covers a readable row's every column: a row edited after the repair that closed it is named
     * (with its type left alone, the §6.1 fix holds).
     */
    @Test
    void aReadableRowEditedAfterARepairIsNamed() {
        ownerTampers("delete from audit_event where id = 4");
        assertThat(repair(KEY, "INC-306: row 4 lost in a restore, confirmed")).startsWith("0 Re-anchored");
        ownerTampers("update audit_event set operator_upn = 'innocent@contoso.test' where id = 2");
        var result = trail.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.problems()).anyMatch(p -> p.contains("are not the ones it was written over"));
    }

    /**
     * A forged repair row (owner, no key) that copies a genuine repair's digest cannot stand in: its MAC names it. And
     * the app role cannot re-sign a head with the rotated-out key once the new key has signed (R2 holds for appends).
     */
    @Test
    void theOldKeyCannotSignAfterTheNewKeysRowsWithTheAppRole() {
        String newKey = DemoStack.newKey();
        AuditTrail rotated = trail(newKey, KEY);
        rotated.append(entry("INC-6"));
        long forged = appendSignedWith(appSession(), key(KEY), "INC-FORGED");
        assertThat(rotated.verify().firstBadRow()).isEqualTo(forged);
        assertThatThrownBy(() -> rotated.append(entry("INC-7"))).isInstanceOf(AuditDamaged.class);
    }

    /**
     * The upgrade, run again on a keyed trail whose head the owner turned back into a version 1 head signed with an
     * old text key, refuses: keyed rows exist.
     */
    @Test
    void aVersion1HeadOverKeyedRowsIsNotUpgraded() {
        String text = "demo-audit-key-0123456789-abcdefghijklmnop";
        Map<String, Object> h = head();
        long lastId = ((Number) h.get("last_id")).longValue();
        String link = (String) h.get("last_hash");
        owner.sql("update audit_head set chain_version = 1, last_seq = 0, key_id = null, mac = ? where id = 1")
                .param(AuditChain.legacyHeadMac(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), lastId, link))
                .update();
        assertThat(upgrade(KEY, java.util.List.of(text))).startsWith("2 ");
        assertThat(trail.verify().intact()).isFalse();
        assertThatThrownBy(() -> trail.append(entry("INC-6"))).isInstanceOf(AuditDamaged.class);
    }
}
