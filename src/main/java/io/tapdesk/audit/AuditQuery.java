package io.tapdesk.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads actions for the audit page and the export. "Outcome unknown" is computed when read (an intent with no
 * outcome after {@code tapdesk.audit.unknown-after}), so several instances never race to write it.
 */
@Component
public class AuditQuery {

    private static final String ACTIONS = """
            with actions as (
              select i.id, i.at, i.action_id, i.kind, i.operator_oid, i.operator_upn, i.target_id, i.target_upn, i.ticket,
                     i.verification_method, i.verification_note, i.lifetime_minutes, i.one_time, i.start_at,
                     i.client_address,
                     coalesce(o.graph_request_id, i.graph_request_id) as graph_request_id,
                     coalesce(o.detail, i.detail) as detail,
                     coalesce(o.outcome, case when i.phase = 'event' then i.outcome
                                              when i.at < :cutoff then 'unknown' else 'pending' end) as shown_outcome
              from audit_event i
              left join audit_event o on o.action_id = i.action_id and o.phase = 'outcome'
              where i.phase in ('intent', 'event'))
            select * from actions where true""";

    private final JdbcClient jdbc;
    private final AuditProperties properties;
    private final Clock clock;

    AuditQuery(JdbcClient jdbc, AuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** One page (newest first), plus one row more to tell whether a next page exists. */
    public List<AuditRow> page(AuditFilter filter, String onlyOperatorOid, ZoneId zone) {
        var statement = statement(filter, onlyOperatorOid, zone, " order by id desc limit :limit offset :offset");
        return statement.param("limit", properties.pageSize() + 1)
                .param("offset", filter.page() * properties.pageSize())
                .query(AuditQuery::row).list();
    }

    /** Every matching action, streamed (the export). */
    public void each(AuditFilter filter, String onlyOperatorOid, ZoneId zone, Consumer<AuditRow> consumer) {
        try (Stream<AuditRow> rows = statement(filter, onlyOperatorOid, zone, " order by id").query(AuditQuery::row).stream()) {
            rows.forEach(consumer);
        }
    }

    public int pageSize() {
        return properties.pageSize();
    }

    private JdbcClient.StatementSpec statement(AuditFilter f, String onlyOperatorOid, ZoneId zone, String tail) {
        StringBuilder sql = new StringBuilder(ACTIONS);
        List<Consumer<JdbcClient.StatementSpec>> params = new ArrayList<>();
        if (onlyOperatorOid != null) {
            sql.append(" and operator_oid = :only");
            params.add(s -> s.param("only", onlyOperatorOid));
        }
        if (f.operator() != null) {
            sql.append(" and (operator_upn ilike :operator or operator_oid = :operatorExact)");
            params.add(s -> s.param("operator", like(f.operator())).param("operatorExact", f.operator()));
        }
        if (f.person() != null) {
            sql.append(" and (target_upn ilike :person or target_id = :personExact)");
            params.add(s -> s.param("person", like(f.person())).param("personExact", f.person()));
        }
        if (f.action() != null) {
            sql.append(" and kind = :action");
            params.add(s -> s.param("action", f.action()));
        }
        if (f.outcome() != null) {
            sql.append(" and shown_outcome = :outcome");
            params.add(s -> s.param("outcome", f.outcome()));
        }
        if (f.from() != null) {
            sql.append(" and at >= :from");
            params.add(s -> s.param("from", Timestamp.from(f.from().atStartOfDay(zone).toInstant())));
        }
        if (f.to() != null) {
            sql.append(" and at < :to");
            params.add(s -> s.param("to", Timestamp.from(f.to().plusDays(1).atStartOfDay(zone).toInstant())));
        }
        sql.append(tail);
        var statement = jdbc.sql(sql.toString()).param("cutoff", Timestamp.from(clock.instant().minus(properties.unknownAfter())));
        params.forEach(p -> p.accept(statement));
        return statement;
    }

    private static String like(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static AuditRow row(ResultSet rs, int n) throws SQLException {
        return new AuditRow(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getObject("action_id", UUID.class),
                rs.getString("kind"), rs.getString("shown_outcome"), rs.getString("operator_upn"), rs.getString("target_upn"),
                rs.getString("ticket"), rs.getString("verification_method"), rs.getString("verification_note"),
                (Integer) rs.getObject("lifetime_minutes"), (Boolean) rs.getObject("one_time"),
                rs.getTimestamp("start_at") == null ? null : rs.getTimestamp("start_at").toInstant(),
                rs.getString("graph_request_id"), rs.getString("client_address"), rs.getString("detail"));
    }
}
