package io.tapdesk.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Reading and writing audit rows with plain JDBC types: shared by the app and the command-line verifier. */
final class AuditRows {

    static final String COLUMNS = "at, action_id, kind, phase, outcome, operator_oid, operator_upn, target_id, target_upn, "
            + "ticket, verification_method, verification_note, lifetime_minutes, one_time, start_at, graph_request_id, "
            + "client_address, detail";

    private AuditRows() {
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(instant(rs.getTimestamp("at")), rs.getObject("action_id", UUID.class), rs.getString("kind"),
                rs.getString("phase"), rs.getString("outcome"), rs.getString("operator_oid"), rs.getString("operator_upn"),
                rs.getString("target_id"), rs.getString("target_upn"), rs.getString("ticket"),
                rs.getString("verification_method"), rs.getString("verification_note"),
                integer(rs.getObject("lifetime_minutes")), (Boolean) rs.getObject("one_time"),
                instant(rs.getTimestamp("start_at")), rs.getString("graph_request_id"), rs.getString("client_address"),
                rs.getString("detail"));
    }

    static Object[] values(AuditEntry e) {
        return new Object[]{Timestamp.from(e.at()), e.actionId(), e.kind(), e.phase(), e.outcome(), e.operatorOid(),
                e.operatorUpn(), e.targetId(), e.targetUpn(), e.ticket(), e.verificationMethod(), e.verificationNote(),
                e.lifetimeMinutes(), e.oneTime(), e.startAt() == null ? null : Timestamp.from(e.startAt()),
                e.graphRequestId(), e.clientAddress(), e.detail()};
    }

    /**
     * A whole number as stored, exactly: a column type changed by hand still reads when its values fit (and then its
     * MAC decides); a value that does not fit an int, a fraction or text cannot be read, so the row counts as changed.
     */
    private static Integer integer(Object value) {
        if (value == null || value instanceof Integer) {
            return (Integer) value;
        }
        if (value instanceof Long || value instanceof Short) {
            return Math.toIntExact(((Number) value).longValue());
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.intValueExact();
        }
        throw new IllegalStateException("not a whole number of minutes: " + value.getClass().getSimpleName());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
