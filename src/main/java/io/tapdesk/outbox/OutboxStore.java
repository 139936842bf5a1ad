package io.tapdesk.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code outbox_message} rows (V12): written once, then moved queued → sent or dead; never deleted by the app. */
@Component
class OutboxStore {

    /** A message still to send, as the job reads it. */
    record Pending(long id, Message.Kind kind, List<String> recipients, String subject, String body, String personId,
                   Long handOverId) {
    }

    private static final String SEPARATOR = "\n";

    private final JdbcClient sql;

    OutboxStore(JdbcClient sql) {
        this.sql = sql;
    }

    long insert(Message message, Instant now) {
        return sql.sql("""
                        insert into outbox_message (kind, recipients, subject, body, language, state, created_at, action_id, person_id,
                            hand_over_id)
                        values (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?) returning id""")
                .params(message.kind().code(), String.join(SEPARATOR, message.recipients()), message.subject(),
                        message.body(), message.language(), Timestamp.from(now), message.actionId(), message.personId(),
                        message.handOverId())
                .query(Long.class).single();
    }

    /** The message when it is still queued; empty when it was sent, is dead, or does not exist. */
    Optional<Pending> pending(long id) {
        return sql.sql("""
                        select id, kind, recipients, subject, body, person_id, hand_over_id from outbox_message
                        where id = ? and state = 'queued'""")
                .param(id)
                .query((rs, n) -> new Pending(rs.getLong("id"), Message.Kind.of(rs.getString("kind")),
                        recipients(rs.getString("recipients")), rs.getString("subject"), rs.getString("body"),
                        rs.getString("person_id"), rs.getObject("hand_over_id", Long.class)))
                .optional();
    }

    void sent(long id, Instant now) {
        sql.sql("update outbox_message set state = 'sent', attempts = attempts + 1, sent_at = ? where id = ? and state = 'queued'")
                .params(Timestamp.from(now), id).update();
    }

    /** {@code error}: Graph's status, code and request ids, never a body. */
    void failed(long id, String error) {
        sql.sql("update outbox_message set attempts = attempts + 1, last_error = ? where id = ? and state = 'queued'")
                .params(error, id).update();
    }

    void dead(long id) {
        sql.sql("update outbox_message set state = 'dead' where id = ? and state = 'queued'").param(id).update();
    }

    /** A dead letter queued again; false when {@code id} is not dead. */
    boolean requeue(long id) {
        return sql.sql("update outbox_message set state = 'queued' where id = ? and state = 'dead'").param(id).update() == 1;
    }

    /** Messages created since {@code since}: dead letters first, then the newest first. */
    List<OutboxRow> since(Instant since, int limit) {
        return sql.sql("""
                        select m.id, m.kind, m.recipients, m.state, m.attempts, m.last_error, m.created_at, m.sent_at,
                            m.person_id, h.person_name, h.person_upn
                        from outbox_message m
                        -- a pickup link's person, for the page (walk of #19, finding 12): read from its hand-over's row
                        left join hand_over h on h.id = m.hand_over_id
                        where m.created_at >= ?
                        order by case when m.state = 'dead' then 0 else 1 end, m.created_at desc, m.id desc limit ?""")
                .params(Timestamp.from(since), limit)
                .query(OutboxStore::row).list();
    }

    private static OutboxRow row(ResultSet rs, int n) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new OutboxRow(rs.getLong("id"), Message.Kind.of(rs.getString("kind")), recipients(rs.getString("recipients")),
                OutboxRow.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(), sent == null ? null : sent.toInstant(),
                rs.getString("person_id"), about(rs.getString("person_name"), rs.getString("person_upn")));
    }

    private static String about(String name, String upn) {
        if (name == null && upn == null) {
            return null;
        }
        return name == null ? upn : upn == null ? name : name + " (" + upn + ")";
    }

    private static List<String> recipients(String joined) {
        return Arrays.stream(joined.split(SEPARATOR)).filter(s -> !s.isBlank()).toList();
    }
}
