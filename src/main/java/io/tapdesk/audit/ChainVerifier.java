package io.tapdesk.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Walks the whole chain in id order and names the first row that fails: a changed row (its hash), a removed or
 * moved row (the next row's link), or removed newest rows (the head, whose HMAC an attacker cannot forge without
 * the key). Plain JDBC, so the command line can run it without the app.
 */
public final class ChainVerifier {

    /** The verdict. {@code firstBadRow} is null when the chain holds, or when only the head fails. */
    public record Result(boolean intact, long rows, Long firstBadRow, String reason) {

        static Result ok(long rows) {
            return new Result(true, rows, null, "intact");
        }
    }

    private final AuditChain chain;

    public ChainVerifier(AuditChain chain) {
        this.chain = chain;
    }

    public Result verify(Connection connection) throws SQLException {
        String previous = AuditChain.GENESIS;
        long rows = 0;
        long lastId = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "select id, prev_hash, hash, " + AuditRows.COLUMNS + " from audit_event order by id")) {
            select.setFetchSize(500);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    if (!previous.equals(rs.getString("prev_hash"))) {
                        return new Result(false, rows, id, "link broken: a row before #" + id + " was removed, added or moved");
                    }
                    String hash = AuditChain.hash(AuditRows.entry(rs), previous);
                    if (!hash.equals(rs.getString("hash"))) {
                        return new Result(false, rows, id, "row #" + id + " was changed after it was written");
                    }
                    previous = hash;
                    lastId = id;
                    rows++;
                }
            }
        }
        try (Statement head = connection.createStatement();
             ResultSet rs = head.executeQuery("select last_id, last_hash, mac from audit_head where id = 1")) {
            if (!rs.next()) {
                return rows == 0 ? Result.ok(0) : new Result(false, rows, null, "the chain's head is missing");
            }
            long headId = rs.getLong("last_id");
            String headHash = rs.getString("last_hash");
            if (!chain.macMatches(headId, headHash, rs.getString("mac"))) {
                return new Result(false, rows, null, "the chain's head was changed (its HMAC does not match)");
            }
            if (headId != lastId || !headHash.equals(previous)) {
                return new Result(false, rows, headId > lastId ? lastId + 1 : null,
                        "the newest rows are missing: the head names row #" + headId + ", the table ends at #" + lastId);
            }
        }
        return Result.ok(rows);
    }
}
