package io.tapdesk.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a repair or upgrade row signs it was written over (docs/audit.md §2, §8): the count of the rows before it and a
 * SHA-256 over every column of each, as stored, in walk order. Written last in the row's detail as
 * {@code | closes: N rows, sha256 <64 hex>}.
 */
final class RowsDigest {

    private static final Pattern CLOSES = Pattern.compile("\\| closes: (\\d+) rows, sha256 ([0-9a-f]{64})$");

    private final MessageDigest digest;
    private long rows;

    RowsDigest() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds the current row of {@code rs}: every column read as text straight from the result (times as instants, so
     * the session's time zone does not matter), so a row TapDesk cannot parse is covered as well; each value
     * length-prefixed, a null as a marker no value encodes to.
     */
    void add(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String text;
            int type = meta.getColumnType(i);
            if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
                Timestamp at = rs.getTimestamp(i);
                text = at == null ? null : at.toInstant().toString();
            } else {
                text = rs.getString(i);
            }
            if (text == null) {
                row.append("~;");
            } else {
                row.append(text.length()).append(':').append(text).append(';');
            }
        }
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
        rows++;
    }

    /** What a row written now says it closes. */
    String closes() {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            return "| closes: " + rows + " rows, sha256 " + HexFormat.of().formatHex(copy.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code detail} (a repair or upgrade row's) ends saying it closes exactly the rows added so far. */
    boolean closedBy(String detail) {
        Matcher closes = CLOSES.matcher(detail == null ? "" : detail);
        return closes.find() && closes.group().equals(closes());
    }
}
