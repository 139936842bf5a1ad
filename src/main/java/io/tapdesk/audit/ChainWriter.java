package io.tapdesk.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writing version 2 rows (docs/audit.md §1, §2), in plain JDBC on the caller's transaction, for the app's appends and
 * the command-line repair: lock the head, check that the chain ends where the signed head says and that its newest
 * row is genuine (never sign what TapDesk did not write), then insert the row and move the head.
 */
final class ChainWriter {

    /**
     * The head row as stored. {@code lastLink}: the newest row's hash (version 1) or MAC (version 2); {@code created}:
     * it was missing and was made now (only the repair command does that once TapDesk has been used).
     */
    record Head(int version, long lastId, long lastSeq, String lastLink, String keyId, String mac, boolean created) {

        /** As the head-log line and the verifier print it (docs/audit.md §5), to compare with the shipped lines. */
        String describe() {
            return "seq=" + lastSeq + " id=" + lastId + " mac=" + lastLink + " key=" + keyId + " version=" + version;
        }
    }

    /** Where the next row goes: after row {@code id} (0: none), sequence {@code seq} (0: no keyed row yet). */
    record Tip(long id, long seq, String link) {
    }

    /** A row just written. */
    record Written(long id, long seq, String mac, String keyId) {
    }

    static final String SELECT_ROW = "select id, seq, chain_version, key_id, mac, prev_hash, hash, " + AuditRows.COLUMNS
            + " from audit_event";

    private static final String INSERT = "insert into audit_event (id, " + AuditRows.COLUMNS
            + ", prev_hash, seq, chain_version, key_id, mac) overriding system value values (?, "
            + "?, ".repeat(AuditRows.COLUMNS.split(",").length) + "?, ?, 2, ?, ?)";

    private ChainWriter() {
    }

    /**
     * Locks the head row for this transaction (serialising appends across instances). A missing head is made as a
     * signed genesis only on a trail that was never used (no audit id ever handed out); once TapDesk has written rows, a
     * missing head means the trail or its head was deleted: {@link AuditDamaged}, unless {@code repairing}
     * (docs/audit.md §5, §6).
     */
    static Head lockHead(Connection c, AuditKeys keys, boolean repairing) throws SQLException {
        Head head = selectHead(c, true);
        if (head != null) {
            return head;
        }
        Long used = lastIdHandedOut(c);
        if (used != null && !repairing) {
            throw new AuditDamaged("the audit head is missing, but audit ids up to " + used + " were handed out: the trail "
                    + "or its head was deleted");
        }
        AuditKeys.Key key = keys.current();
        try (PreparedStatement genesis = c.prepareStatement("insert into audit_head (id, last_id, last_hash, mac, "
                + "chain_version, last_seq, key_id) values (1, 0, ?, ?, 2, 0, ?) on conflict (id) do nothing")) {
            genesis.setString(1, AuditChain.GENESIS);
            genesis.setString(2, AuditChain.headMac(key, 0, 0, AuditChain.GENESIS));
            genesis.setString(3, key.id());
            genesis.executeUpdate();
        }
        Head made = selectHead(c, true);
        return new Head(made.version(), made.lastId(), made.lastSeq(), made.lastLink(), made.keyId(), made.mac(), true);
    }

    /**
     * Bounds how long this transaction waits for a lock (the head's): a lock held by someone else's open transaction
     * makes the step fail (SQLState 55P03) instead of hanging request threads until the pool is gone.
     */
    static void limitLockWait(Connection c, long millis) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("select set_config('lock_timeout', ?, true)")) {
            set.setString(1, millis + "ms");
            set.executeQuery().close();
        }
    }

    /** The head row, or null when there is none. */
    static Head selectHead(Connection c, boolean lock) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select chain_version, last_id, last_seq, last_hash, key_id, mac "
                + "from audit_head where id = 1" + (lock ? " for update" : ""));
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? head(rs) : null;
        }
    }

    /** The last id the audit identity sequence handed out, or null when it never did (a trail never used). */
    static Long lastIdHandedOut(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select pg_sequence_last_value(pg_get_serial_sequence('audit_event', 'id')::regclass)");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return (Long) rs.getObject(1);
        }
    }

    /**
     * Why a keyed head is not genuine, or null when it is: it must be version 2, name a configured key and carry that
     * key's MAC over the newest row's id, sequence number and MAC (docs/audit.md §1).
     */
    static String v2HeadProblem(AuditKeys keys, Head head) {
        AuditKeys.Key key = keys.byId(head.keyId());
        if (key == null) {
            return "the chain's head names key " + head.keyId() + ", which is not configured";
        }
        if (head.version() != AuditChain.V2
                || !AuditChain.same(AuditChain.headMac(key, head.lastId(), head.lastSeq(), head.lastLink()), head.mac())) {
            return "the chain's head was changed (the head's signature, its HMAC, does not match)";
        }
        return null;
    }

    /** Whether a (genuine) version 1 head checks only with a published example key's text: it then proves nothing. */
    static boolean v1HeadSignedWithExample(AuditKeys keys, Head head) {
        return head.version() == AuditChain.V1 && keys.legacy().stream()
                .filter(k -> AuditChain.same(AuditChain.legacyHeadMac(k, head.lastId(), head.lastLink()), head.mac()))
                .allMatch(AuditKeys::isExample);
    }

    /** What TapDesk and the verifier say of a version 1 head that is genuine: the upgrade was not run. */
    static final String NOT_KEYED = "the head is from before the keyed chain: an administrator runs the one-time upgrade "
            + "(README: \"Upgrading an install from before the keyed chain\"). If that was done before, keyed rows were "
            + "deleted and an old head put back: compare with the shipped head lines";

    /**
     * Why a version 1 head (from before the keyed chain) is not genuine, or null when it is: it must name a row and be
     * signed with an OLD key's text; TapDesk itself trusts none (docs/audit.md §3).
     */
    static String v1HeadProblem(AuditKeys keys, Head head) {
        if (!keys.version1Heads()) {
            return NOT_KEYED;
        }
        if (head.lastId() <= 0) {
            return "the head is a version 1 head that names no row: TapDesk never wrote one";
        }
        if (keys.legacy().stream().noneMatch(k -> AuditChain.same(AuditChain.legacyHeadMac(k, head.lastId(),
                head.lastLink()), head.mac()))) {
            return "the head's signature does not match (a version 1 head: the key it was signed with goes in "
                    + "TAPDESK_AUDIT_OLD_KEYS, for the one-time upgrade command only)";
        }
        return null;
    }

    static Head head(ResultSet rs) throws SQLException {
        return new Head(rs.getInt("chain_version"), rs.getLong("last_id"), rs.getLong("last_seq"), rs.getString("last_hash"),
                rs.getString("key_id"), rs.getString("mac"), false);
    }

    /** Checks the head's signature and the newest row against it; the tip to append at, or {@link AuditDamaged}. */
    static Tip checkedTip(Connection c, AuditKeys keys, Head head) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_ROW + " order by id desc limit 1");
             ResultSet newest = select.executeQuery()) {
            boolean any = newest.next();
            if (head.version() == AuditChain.V1) {
                String problem = v1HeadProblem(keys, head);
                if (problem != null) {
                    throw new AuditDamaged(problem);
                }
                if (!any || newest.getLong("id") != head.lastId() || newest.getInt("chain_version") != AuditChain.V1
                        || !head.lastLink().equals(newest.getString("hash"))
                        || !head.lastLink().equals(AuditChain.hash(readable(newest), newest.getString("prev_hash")))) {
                    throw new AuditDamaged("the newest row is not the one the signed head names (row #" + head.lastId() + ")");
                }
                return new Tip(head.lastId(), 0, head.lastLink());
            }
            String problem = v2HeadProblem(keys, head);
            if (problem != null) {
                throw new AuditDamaged(problem);
            }
            if (head.lastSeq() == 0) {
                if (any || head.lastId() != 0) {
                    throw new AuditDamaged("the head names no row, but the table holds rows");
                }
                return new Tip(0, 0, head.lastLink());
            }
            if (!any || newest.getLong("id") != head.lastId() || newest.getInt("chain_version") != AuditChain.V2
                    || newest.getLong("seq") != head.lastSeq() || !head.lastLink().equals(newest.getString("mac"))
                    || newest.getString("hash") != null) {
                throw new AuditDamaged("the newest row is not the one the signed head names (row #" + head.lastId()
                        + ", sequence " + head.lastSeq() + ")");
            }
            String rowKeyId = newest.getString("key_id");
            AuditKeys.Key rowKey = keys.byId(rowKeyId);
            if (rowKey == null || !rowKeyId.equals(head.keyId()) || !AuditChain.same(AuditChain.rowMac(rowKey,
                    head.lastId(), head.lastSeq(), readable(newest), newest.getString("prev_hash")), newest.getString("mac"))) {
                throw new AuditDamaged("row #" + head.lastId() + ", the newest, was changed after it was written");
            }
            if (rowKey != keys.current() && signedWith(c, keys.current())) {
                // keys take over one after the other: an older key signing after the current one did is a forgery by
                // whoever kept the rotated-out key (docs/audit.md §3)
                throw new AuditDamaged("row #" + head.lastId() + ", the newest, is signed with key " + rowKeyId
                        + ", which the current key had replaced");
            }
            return new Tip(head.lastId(), head.lastSeq(), head.lastLink());
        }
    }

    /** Whether any row is signed with {@code key} (index audit_event_key). */
    private static boolean signedWith(Connection c, AuditKeys.Key key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select exists (select 1 from audit_event where key_id = ?)")) {
            select.setString(1, key.id());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The newest row's content, or {@link AuditDamaged} when it cannot be read as TapDesk wrote it. */
    private static AuditEntry readable(ResultSet row) throws SQLException {
        try {
            return AuditRows.entry(row);
        } catch (RuntimeException e) {
            throw new AuditDamaged("row #" + row.getLong("id") + ", the newest, cannot be read as TapDesk wrote it ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Inserts {@code entry} after {@code tip}, signed with the current key, and moves the (locked) head to it. */
    static Written write(Connection c, AuditKeys keys, Tip tip, AuditEntry entry) throws SQLException {
        AuditKeys.Key key = keys.current();
        long id;
        try (PreparedStatement next = c.prepareStatement("select nextval(pg_get_serial_sequence('audit_event', 'id'))");
             ResultSet rs = next.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        long seq = tip.seq() + 1;
        String mac = AuditChain.rowMac(key, id, seq, entry, tip.link());
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            int i = 1;
            insert.setLong(i++, id);
            for (Object value : AuditRows.values(entry)) {
                insert.setObject(i++, value);
            }
            insert.setString(i++, tip.link());
            insert.setLong(i++, seq);
            insert.setString(i++, key.id());
            insert.setString(i, mac);
            insert.executeUpdate();
        } catch (SQLException e) {
            // 23505: the sequence number is taken; P0001: V8's insert rule (a row newer than the head exists). Both mean
            // rows TapDesk did not write, not a database outage (docs/audit.md §6.5).
            if ("23505".equals(e.getSQLState()) || "P0001".equals(e.getSQLState())) {
                throw new AuditDamaged("row #" + id + " (sequence " + seq + ") cannot follow the head: a row TapDesk did "
                        + "not write holds its place (" + e.getMessage() + ")");
            }
            throw e;
        }
        try (PreparedStatement head = c.prepareStatement("update audit_head set chain_version = 2, last_id = ?, "
                + "last_seq = ?, last_hash = ?, key_id = ?, mac = ? where id = 1")) {
            head.setLong(1, id);
            head.setLong(2, seq);
            head.setString(3, mac);
            head.setString(4, key.id());
            head.setString(5, AuditChain.headMac(key, id, seq, mac));
            if (head.executeUpdate() != 1) {
                throw new SQLException("the audit head row is missing");
            }
        }
        return new Written(id, seq, mac, key.id());
    }
}
