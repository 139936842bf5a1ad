package io.tapdesk.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the whole chain and names the first row that fails (docs/audit.md §1): version 1 rows in id order by their
 * hash and link, then version 2 rows in sequence order by their MAC (with the key each names), their sequence number
 * (one more than the row before; gaps in id are normal) and their link; then the signed head, which names the newest
 * row. A genuine repair row (docs/audit.md §2) closes what failed before it; every repair is listed with what it found. Plain JDBC, so
 * the command line can run it without the app.
 */
public final class ChainVerifier {

    /**
     * The verdict. {@code firstBadRow} is null when the chain holds, or when only the head fails; {@code rows} counts
     * the rows verified before the failure; {@code repairs} describes each re-anchoring found on the way.
     */
    public record Result(boolean intact, long rows, Long firstBadRow, String reason, List<String> repairs) {

        static Result ok(long rows, List<String> repairs) {
            return new Result(true, rows, null, "intact", List.copyOf(repairs));
        }
    }

    /** The verdict and where the chain, as stored, ends (where a repair row goes). */
    record Walk(Result result, ChainWriter.Tip end) {
    }

    private final AuditKeys keys;

    public ChainVerifier(AuditKeys keys) {
        this.keys = keys;
    }

    /** Verifies on one snapshot (a repeatable-read transaction when the connection has none), beside appends. */
    public Result verify(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            return walk(connection).result();
        }
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            return walk(connection).result();
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(true);
        }
    }

    Walk walk(Connection connection) throws SQLException {
        String link = AuditChain.GENESIS;
        long expectedSeq = 1;
        long lastSeq = 0;
        long lastId = 0;
        long rows = 0;
        boolean keyed = false;
        Long badRow = null;
        String badReason = null;
        long rowsBefore = 0;
        List<String> repairs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(ChainWriter.SELECT_ROW + " order by seq nulls first, id")) {
            select.setFetchSize(500);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    int version = rs.getInt("chain_version");
                    Long seq = (Long) rs.getObject("seq");
                    String keyId = rs.getString("key_id");
                    String mac = rs.getString("mac");
                    String prev = rs.getString("prev_hash");
                    String hash = rs.getString("hash");
                    AuditEntry entry = AuditRows.entry(rs);
                    String changed = "row #" + id + " was changed after it was written";
                    String problem = null;
                    boolean repair = false;
                    if (version == AuditChain.V1) {
                        if (seq != null || keyId != null || mac != null || hash == null) {
                            problem = changed;
                        } else if (keyed) {
                            problem = "row #" + id + " is an unkeyed row among keyed ones: it was added or moved";
                        } else if (!link.equals(prev)) {
                            problem = "link broken: a row before #" + id + " was removed, added or moved";
                        } else if (!hash.equals(AuditChain.hash(entry, prev))) {
                            problem = changed;
                        }
                        link = hash == null ? "" : hash;
                    } else if (version == AuditChain.V2) {
                        keyed = true;
                        AuditKeys.Key key = keys.byId(keyId);
                        if (key == null) {
                            problem = "row #" + id + " names key " + keyId + ", which is not configured (an old key "
                                    + "belongs in TAPDESK_AUDIT_OLD_KEYS), or the row was changed";
                        } else if (seq == null || hash != null || prev == null
                                || !AuditChain.same(AuditChain.rowMac(key, id, seq, entry, prev), mac)) {
                            problem = changed;
                        } else if (seq != expectedSeq) {
                            problem = seq > expectedSeq
                                    ? "rows before #" + id + " are missing: its sequence number is " + seq + ", the one before it "
                                    + (expectedSeq - 1)
                                    : "row #" + id + " repeats sequence number " + seq + ": it was added or moved";
                        } else if (!link.equals(prev)) {
                            problem = "link broken: a row before #" + id + " was removed, added or moved";
                        } else {
                            repair = AuditAction.REPAIR.stored().equals(entry.kind());
                        }
                        link = mac == null ? "" : mac;
                        if (seq != null) {
                            expectedSeq = seq + 1;
                            lastSeq = seq;
                        }
                    } else {
                        problem = "row #" + id + " has an unknown chain version (" + version + "): it was changed";
                    }
                    if (problem != null && badRow == null) {
                        badRow = id;
                        badReason = problem;
                        rowsBefore = rows;
                    }
                    if (repair) {
                        // a genuine repair row closes what failed before it; what it found is in its own detail
                        repairs.add("row #" + id + " by " + entry.operatorUpn() + " at " + entry.at() + ": " + entry.detail());
                        badRow = null;
                        badReason = null;
                    }
                    lastId = id;
                    rows++;
                }
            }
        }
        ChainWriter.Tip end = new ChainWriter.Tip(lastId, lastSeq, link);
        if (badRow != null) {
            return new Walk(new Result(false, rowsBefore, badRow, badReason, repairs), end);
        }
        return new Walk(head(connection, rows, end, repairs), end);
    }

    private Result head(Connection connection, long rows, ChainWriter.Tip end, List<String> repairs) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select chain_version, last_id, last_seq, last_hash, key_id, mac from audit_head where id = 1");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return rows == 0 ? Result.ok(0, repairs) : new Result(false, rows, null, "the chain's head is missing", repairs);
            }
            ChainWriter.Head head = ChainWriter.head(rs);
            String changed = "the chain's head was changed (its HMAC does not match)";
            if (head.version() == AuditChain.V1) {
                if (keys.legacy().stream().noneMatch(k -> AuditChain.same(AuditChain.legacyHeadMac(k, head.lastId(),
                        head.lastLink()), head.mac()))) {
                    return new Result(false, rows, null, changed + "; or its key is not configured", repairs);
                }
            } else {
                AuditKeys.Key key = keys.byId(head.keyId());
                if (key == null) {
                    return new Result(false, rows, null, "the chain's head names key " + head.keyId()
                            + ", which is not configured", repairs);
                }
                if (head.version() != AuditChain.V2
                        || !AuditChain.same(AuditChain.headMac(key, head.lastId(), head.lastSeq(), head.lastLink()), head.mac())) {
                    return new Result(false, rows, null, changed, repairs);
                }
            }
            if (head.lastId() != end.id() || head.lastSeq() != end.seq() || !head.lastLink().equals(end.link())) {
                if (head.lastSeq() > end.seq() || head.lastId() > end.id()) {
                    return new Result(false, rows, head.lastId(), "the newest rows are missing: the head names row #"
                            + head.lastId() + " (sequence " + head.lastSeq() + "), the table ends at #" + end.id()
                            + " (sequence " + end.seq() + ")", repairs);
                }
                return new Result(false, rows, end.id(), "row #" + end.id() + " is newer than the head: it was added "
                        + "without the key", repairs);
            }
            return Result.ok(rows, repairs);
        }
    }
}
