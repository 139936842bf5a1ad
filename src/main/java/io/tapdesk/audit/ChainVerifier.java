package io.tapdesk.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks the whole chain and names the first row that fails (docs/audit.md §1): version 1 rows in id order by their
 * hash and link, then version 2 rows in sequence order by their MAC (with the key each names), their sequence number
 * (one more than the row before; gaps in id are normal) and their link; then the signed head, which names the newest
 * row. A genuine repair row (docs/audit.md §2) closes what failed before it only when the rows before it are exactly
 * the rows it was written over: it signs their count and a SHA-256 over every column of every one of them, and the
 * walk recomputes both. Every repair is listed with what it found. Plain JDBC, so the command line can run it without
 * the app.
 */
public final class ChainVerifier {

    /**
     * The verdict. {@code firstBadRow} is null when the chain holds, or when only the head fails; {@code rows} counts
     * the rows verified before the first failure; {@code reason} is the first failure, {@code problems} every one found
     * (a repair records them all); {@code repairs} describes each re-anchoring found on the way; {@code head} is the
     * head as stored, in the shipped head lines' terms (docs/audit.md §5), or null when there is none.
     */
    public record Result(boolean intact, long rows, Long firstBadRow, String reason, List<String> repairs, String head,
                         List<String> problems) {

        static Result of(long rows, List<Problem> problems, List<String> repairs, String head) {
            if (problems.isEmpty()) {
                return new Result(true, rows, null, "intact", List.copyOf(repairs), head, List.of());
            }
            Problem first = problems.get(0);
            return new Result(false, first.rowsBefore(), first.row(), first.text(), List.copyOf(repairs), head,
                    problems.stream().map(Problem::text).toList());
        }
    }

    /** One failure: the row it names (null: the head), what is wrong, how many rows verified before it. */
    record Problem(Long row, String text, long rowsBefore) {
    }

    /**
     * The verdict and where the chain, as stored, ends (where a repair row goes); {@code closes} is what a repair row
     * written there must sign; {@code currentKeyRows} counts keyed rows whose MAC the current key verified.
     * A version 1 head is never intact: genuine (checked with an old key's text, command line only) it says
     * {@link ChainWriter#NOT_KEYED}.
     */
    record Walk(Result result, ChainWriter.Tip end, String closes, long currentKeyRows) {

        /** A trail from before the keyed chain, whole, under a version 1 head its old key signed: the upgrade may run. */
        boolean upgradable(AuditKeys keys) {
            return keys.version1Heads() && end.seq() == 0 && result.problems().equals(List.of(ChainWriter.NOT_KEYED));
        }
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
        Long firstKeyedId;
        try (PreparedStatement select = connection.prepareStatement(
                "select min(id) from audit_event where chain_version = " + AuditChain.V2);
             ResultSet rs = select.executeQuery()) {
            rs.next();
            firstKeyedId = (Long) rs.getObject(1);
        }
        String link = AuditChain.GENESIS;
        long expectedSeq = 1;
        long lastSeq = 0;
        long lastId = 0;
        long rows = 0;
        long currentKeyRows = 0;
        boolean keyed = false;
        String runKey = null;
        Set<String> replacedKeys = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        List<String> repairs = new ArrayList<>();
        RowsDigest seen = new RowsDigest();
        try (PreparedStatement select = connection.prepareStatement(ChainWriter.SELECT_ROW + " order by seq nulls first, id")) {
            select.setFetchSize(500);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    int version = rs.getInt("chain_version");
                    Object seqValue = rs.getObject("seq");
                    Long seq = seqValue instanceof Number n ? Long.valueOf(n.longValue()) : null;
                    String keyId = rs.getString("key_id");
                    String mac = rs.getString("mac");
                    String prev = rs.getString("prev_hash");
                    String hash = rs.getString("hash");
                    AuditEntry entry = null;
                    String unreadable = null;
                    try {
                        entry = AuditRows.entry(rs);
                    } catch (SQLException | RuntimeException e) {
                        unreadable = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    String changed = "row #" + id + " was changed after it was written";
                    String problem = null;
                    String anchor = null;
                    if (id <= 0) {
                        problem = "row #" + id + " has an id PostgreSQL never hands out: it was added by hand";
                    } else if (entry == null) {
                        problem = changed + " (it cannot be read as TapDesk wrote it: " + unreadable + ")";
                    } else if (version == AuditChain.V1) {
                        if (seq != null || keyId != null || mac != null || hash == null) {
                            problem = changed;
                        } else if (keyed || firstKeyedId != null && id > firstKeyedId) {
                            problem = "row #" + id + " is an unkeyed row newer than keyed ones: it was added or moved";
                        } else if (!link.equals(prev)) {
                            problem = "link broken: a row before #" + id + " was removed, added or moved";
                        } else if (!hash.equals(AuditChain.hash(entry, prev))) {
                            problem = changed;
                        }
                    } else if (version == AuditChain.V2) {
                        keyed = true;
                        AuditKeys.Key key = keys.byId(keyId);
                        if (key == null) {
                            problem = "row #" + id + " names key " + keyId + ", which is not configured (an old key "
                                    + "belongs in TAPDESK_AUDIT_OLD_KEYS), or the row was changed";
                        } else if (seq == null || hash != null || prev == null
                                || !AuditChain.same(AuditChain.rowMac(key, id, seq, entry, prev), mac)) {
                            problem = changed;
                        } else {
                            if (key == keys.current()) {
                                currentKeyRows++;
                            }
                            if (runKey != null && !runKey.equals(keyId)) {
                                replacedKeys.add(runKey);
                            }
                            runKey = keyId;
                            if (replacedKeys.contains(keyId)) {
                                // keys take over one after the other and never come back (docs/audit.md §3)
                                problem = "row #" + id + " is signed with key " + keyId + ", which a newer key had "
                                        + "replaced: a rotated-out key signed it";
                            } else if (seq != expectedSeq) {
                                problem = seq > expectedSeq
                                        ? "rows before #" + id + " are missing: its sequence number is " + seq
                                        + ", the one before it " + (expectedSeq - 1)
                                        : "row #" + id + " repeats sequence number " + seq + ": it was added or moved";
                            } else if (!link.equals(prev)) {
                                problem = "link broken: a row before #" + id + " was removed, added or moved";
                            } else if (AuditAction.REPAIR.stored().equals(entry.kind())
                                    || AuditAction.UPGRADE.stored().equals(entry.kind())) {
                                anchor = entry.kind();
                            }
                        }
                    } else {
                        problem = "row #" + id + " has an unknown chain version (" + version + "): it was changed";
                    }
                    if (problem != null) {
                        problems.add(new Problem(id, problem, rows));
                    }
                    if (anchor != null) {
                        if (!seen.closedBy(entry.detail())) {
                            problems.add(new Problem(id, "the rows before " + anchor + " row #" + id + " are not the "
                                    + "ones it was written over: rows before it were added, removed or changed since",
                                    rows));
                        } else if (AuditAction.REPAIR.stored().equals(anchor)) {
                            // a genuine repair closes what failed before it, as long as that is what it was written over
                            repairs.add("row #" + id + " by " + entry.operatorUpn() + " at " + entry.at() + ": "
                                    + entry.detail());
                            problems.clear();
                        }
                    }
                    if (version == AuditChain.V1) {
                        link = hash == null ? "" : hash;
                    } else if (version == AuditChain.V2) {
                        link = mac == null ? "" : mac;
                        if (seq != null) {
                            expectedSeq = seq + 1;
                            lastSeq = seq;
                        }
                    }
                    seen.add(rs);
                    lastId = id;
                    rows++;
                }
            }
        }
        ChainWriter.Tip end = new ChainWriter.Tip(lastId, lastSeq, link);
        String closes = seen.closes();
        ChainWriter.Head head = ChainWriter.selectHead(connection, false);
        Problem headProblem = head(connection, head, rows, keyed, runKey, end);
        if (headProblem != null) {
            problems.add(headProblem);
        }
        return new Walk(Result.of(rows, problems, repairs, head == null ? null : head.describe()), end, closes,
                currentKeyRows);
    }

    /** What is wrong with the head, or null: signature, key, and that it names the row the walk ended on. */
    private Problem head(Connection connection, ChainWriter.Head head, long rows, boolean keyed, String newestKey,
                         ChainWriter.Tip end) throws SQLException {
        if (head == null) {
            Long used = ChainWriter.lastIdHandedOut(connection);
            if (rows == 0 && used == null) {
                return null;
            }
            return new Problem(null, rows == 0
                    ? "the trail is empty and has no head, but audit ids up to " + used + " were handed out: it was deleted"
                    : "the chain's head is missing", rows);
        }
        if (head.version() == AuditChain.V1) {
            if (keyed) {
                return new Problem(null, "the head is from before the keyed chain, but keyed rows exist: an old head was "
                        + "put back", rows);
            }
            String problem = ChainWriter.v1HeadProblem(keys, head);
            if (problem != null) {
                return new Problem(null, problem, rows);
            }
        } else {
            String problem = ChainWriter.v2HeadProblem(keys, head);
            if (problem != null) {
                return new Problem(null, problem, rows);
            }
            if (newestKey != null && !newestKey.equals(head.keyId())) {
                // TapDesk signs a row and the head it moves with one key: a head by another key is someone else's
                return new Problem(null, "the chain's head is signed with key " + head.keyId() + ", the newest row with "
                        + newestKey + ": the head was written by someone else", rows);
            }
        }
        if (head.lastId() != end.id() || head.lastSeq() != end.seq() || !head.lastLink().equals(end.link())) {
            if (head.lastSeq() > end.seq() || head.lastId() > end.id()) {
                return new Problem(head.lastId(), "the newest rows are missing: the head names row #" + head.lastId()
                        + " (sequence " + head.lastSeq() + "), the table ends at #" + end.id() + " (sequence "
                        + end.seq() + ")", rows);
            }
            return new Problem(end.id(), "row #" + end.id() + " is newer than the head: it was added without the key",
                    rows);
        }
        if (head.version() == AuditChain.V1) {
            // genuine, to the command line holding the old key: still not intact until the upgrade anchors it
            return new Problem(null, ChainWriter.NOT_KEYED, rows);
        }
        // an empty trail under a genuinely signed head is intact, whatever the id sequence says: a first append that
        // rolled back spends an id too (docs/audit.md §5)
        return null;
    }
}
