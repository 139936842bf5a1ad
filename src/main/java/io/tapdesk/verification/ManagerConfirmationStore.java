package io.tapdesk.verification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The manager's confirmations in PostgreSQL. An answer is one conditional UPDATE from {@code asked}: one wins. */
@Component
class ManagerConfirmationStore {

    private static final String COLUMNS = """
            id, code, operator_oid, operator_upn, operator_name, person_id, person_upn, person_name, ticket,
            lifetime_minutes, one_time, manager_oid, manager_name, channel, state, answered_by, answered_at, how_known,
            created_at, expires_at""";

    private final JdbcClient jdbc;

    ManagerConfirmationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ManagerConfirmation c, String tokenHash) {
        jdbc.sql("insert into manager_confirmation (" + COLUMNS + ", token_hash) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.code(), c.operatorId(), c.operatorUpn(), c.operatorName(), c.personId(), c.personUpn(),
                        c.personName(), c.ticket(), c.lifetimeMinutes(), c.oneTime(), c.managerId(), c.managerName(),
                        c.channel(), c.state(), null, null, null, Timestamp.from(c.created()), Timestamp.from(c.expires()),
                        tokenHash)
                .update();
    }

    Optional<ManagerConfirmation> byTokenHash(String tokenHash) {
        return jdbc.sql("select " + COLUMNS + " from manager_confirmation where token_hash = ?")
                .param(tokenHash).query(ManagerConfirmationStore::row).optional();
    }

    /** This operator's latest question about this person, if any. */
    Optional<ManagerConfirmation> latest(String operatorId, String personId) {
        return jdbc.sql("select " + COLUMNS + " from manager_confirmation where operator_oid = ? and lower(person_id) = lower(?) "
                        + "order by created_at desc limit 1")
                .params(operatorId, personId).query(ManagerConfirmationStore::row).optional();
    }

    /**
     * The answer, only while the question is still asked and unexpired at {@code now}: false when another answer (or
     * the expiry) came first.
     */
    boolean answer(UUID id, String state, String answeredBy, String howKnown, Instant now) {
        return jdbc.sql("""
                        update manager_confirmation set state = ?, answered_by = ?, how_known = ?, answered_at = ?
                        where id = ? and state = 'asked' and expires_at > ?""")
                .params(state, answeredBy, howKnown, Timestamp.from(now), id, Timestamp.from(now))
                .update() == 1;
    }

    /** Marks a question past its expiry as expired; false when it was answered or marked already. */
    boolean expire(UUID id, Instant now) {
        return jdbc.sql("update manager_confirmation set state = 'expired' where id = ? and state = 'asked' and expires_at <= ?")
                .params(id, Timestamp.from(now)).update() == 1;
    }

    private static ManagerConfirmation row(ResultSet rs, int n) throws SQLException {
        return new ManagerConfirmation(rs.getObject("id", UUID.class), rs.getString("code"), rs.getString("operator_oid"),
                rs.getString("operator_upn"), rs.getString("operator_name"), rs.getString("person_id"),
                rs.getString("person_upn"), rs.getString("person_name"), rs.getString("ticket"),
                rs.getInt("lifetime_minutes"), rs.getBoolean("one_time"), rs.getString("manager_oid"),
                rs.getString("manager_name"), rs.getString("channel"), rs.getString("state"), rs.getString("answered_by"),
                instant(rs.getTimestamp("answered_at")), rs.getString("how_known"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("expires_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
