package io.tapdesk.verification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.security.Operator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The checks of callers, in PostgreSQL (table {@code caller_check}, V11; docs/verification.md). A check is bound to
 * the operator who made it (or asked for it) and the person checked, expires after
 * {@code tapdesk.verification.lifetime}, and allows one action: the issue use case claims it with one conditional
 * UPDATE before anything is sent (so two instances, or two tabs, claim it once), then consumes it when a pass may exist
 * or a request was stored, and releases it when nothing happened (a refusal, a limit, Graph's refusal).
 */
@Service
public class CallerChecks {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final VerificationProperties properties;
    private final TransactionTemplate transactions;
    private final Incidents incidents;

    /** The person is fenced after an incident: no check of the caller is recorded (nothing was written). */
    public static final class PersonFenced extends RuntimeException {

        PersonFenced(String personId) {
            super("person " + personId + " is fenced: no check of the caller is recorded");
        }
    }

    CallerChecks(JdbcClient jdbc, Clock clock, AuditLog audit, VerificationProperties properties,
                 TransactionTemplate transactions, Incidents incidents) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.properties = properties;
        this.transactions = transactions;
        this.incidents = incidents;
    }

    /**
     * Records a check that has just happened, with its audit row (action {@code verify}).
     *
     * Written under the person's fence lock ({@link Incidents#lockFences}), in the caller's transaction when there
     * is one: a check is written before a report of "this is not right" commits (which then spends it) or not at all.
     *
     * @param evidence what was checked, at most 600 characters; never a secret
     * @throws PersonFenced                                when a fence refuses the person (nothing recorded)
     * @throws io.tapdesk.audit.AuditUnavailable           when the audit row cannot be written (the check stands:
     *                                                     it is in the table, and an action it allows is audited)
     * @throws org.springframework.dao.DataAccessException when PostgreSQL is away (nothing recorded)
     */
    public CallerCheck record(Operator operator, String personId, String personUpn, CheckMethod method, String evidence,
                              String clientAddress) {
        return record(operator, personId, personUpn, method, evidence, null, clientAddress);
    }

    /**
     * {@link #record(Operator, String, String, CheckMethod, String, String)} for a check that covers only the request
     * that was confirmed ({@code bound}: the manager was shown that ticket and that pass).
     */
    public CallerCheck record(Operator operator, String personId, String personUpn, CheckMethod method, String evidence,
                              CallerCheck.Bound bound, String clientAddress) {
        Instant now = clock.instant();
        CallerCheck check = new CallerCheck(UUID.randomUUID(), operator.objectId(), personId, method, method.tier(),
                evidence, now, now.plus(properties.lifetime()), null, null, bound);
        Boolean fenced = transactions.execute(status -> {
            if (incidents.lockFences(personId)) {
                return true;
            }
            jdbc.sql("""
                            insert into caller_check (id, operator_oid, operator_upn, person_id, person_upn, method, tier,
                                                      evidence, created_at, expires_at, bound_ticket,
                                                      bound_lifetime_minutes, bound_one_time)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(check.id(), operator.objectId(), operator.username(), personId, personUpn, method.stored(),
                            method.tier().stored(), evidence, Timestamp.from(now), Timestamp.from(check.expires()),
                            bound == null ? null : bound.ticket(), bound == null ? null : bound.lifetimeMinutes(),
                            bound == null ? null : bound.oneTime())
                    .update();
            return false;
        });
        if (!Boolean.FALSE.equals(fenced)) {
            throw new PersonFenced(personId);
        }
        audit.event(AuditAction.VERIFY, AuditOutcome.RECORDED,
                new AuditLog.Context(operator, personId, personUpn, null, method.stored(), check.auditNote(), clientAddress),
                method.tier().stored() + " until " + check.expires());
        return check;
    }

    /** This operator's usable checks of this person (unclaimed, unexpired), best tier first, then the newest. */
    public List<CallerCheck> usable(String operatorId, String personId) {
        return jdbc.sql("""
                        select * from caller_check
                        where lower(person_id) = lower(?) and operator_oid = ? and claimed_by is null and expires_at > ?""")
                .params(personId, operatorId, Timestamp.from(clock.instant()))
                .query((rs, n) -> row(rs)).list().stream()
                .sorted(Comparator.comparing(CallerCheck::tier).reversed()
                        .thenComparing(Comparator.comparing(CallerCheck::created).reversed()))
                .toList();
    }

    /**
     * Claims the usable check of at least {@code needed} that is the least of them (the lowest tier that will do, then
     * the one expiring first), so a stronger check stays for a request that needs it. One conditional UPDATE: of two
     * claims at the same moment, on any instance, one wins; the other tries the next check or finds none.
     *
     * @param use    the ticket and pass the action is for: a check bound to a confirmed request covers only that
     *               ({@link CallerCheck#covers})
     * @param action what claims it ("issue", "request"): recorded in {@code claimed_by}
     * @return the claimed check, or empty when none of the tier is usable
     */
    public Optional<CallerCheck> claim(String operatorId, String personId, CallerTier needed, CallerCheck.Use use,
                                       String action) {
        List<CallerCheck> candidates = usable(operatorId, personId).stream()
                .filter(c -> c.tier().atLeast(needed) && c.covers(use))
                .sorted(Comparator.comparing(CallerCheck::tier).thenComparing(CallerCheck::expires))
                .toList();
        for (CallerCheck check : candidates) {
            int won = jdbc.sql("""
                            update caller_check set claimed_by = ?
                            where id = ? and operator_oid = ? and lower(person_id) = lower(?) and claimed_by is null and expires_at > ?""")
                    .params(action, check.id(), operatorId, personId, Timestamp.from(clock.instant())).update();
            if (won == 1) {
                return Optional.of(check);
            }
        }
        return Optional.empty();
    }

    /**
     * A usable check of the tier that does not cover {@code use} (a manager confirmed another ticket or a shorter or
     * one-time pass), for the refusal to say so; empty when there is none.
     */
    public Optional<CallerCheck> notCovering(String operatorId, String personId, CallerTier needed, CallerCheck.Use use) {
        return usable(operatorId, personId).stream().filter(c -> c.tier().atLeast(needed) && !c.covers(use)).findFirst();
    }

    /** The claimed check is spent for good by {@code action} ("issue <audit action id>", "request 42"). */
    public void consume(UUID id, String action) {
        jdbc.sql("update caller_check set claimed_by = ?, consumed_at = ? where id = ? and consumed_at is null")
                .params(action, Timestamp.from(clock.instant()), id).update();
    }

    /** Nothing happened with the claimed check (a refusal, a limit, Graph's refusal): it is usable again until it expires. */
    public void release(UUID id) {
        jdbc.sql("update caller_check set claimed_by = null where id = ? and consumed_at is null").param(id).update();
    }

    /** One check by id, whatever its state (the request an approval was asked with). */
    public Optional<CallerCheck> find(UUID id) {
        return jdbc.sql("select * from caller_check where id = ?").param(id).query((rs, n) -> row(rs)).optional();
    }

    public Instant now() {
        return clock.instant();
    }

    private static CallerCheck row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp consumed = rs.getTimestamp("consumed_at");
        return new CallerCheck(rs.getObject("id", UUID.class), rs.getString("operator_oid"), rs.getString("person_id"),
                CheckMethod.fromStored(rs.getString("method")).orElseThrow(), CallerTier.fromStored(rs.getString("tier")),
                rs.getString("evidence"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getString("claimed_by"), consumed == null ? null : consumed.toInstant(),
                rs.getString("bound_ticket") == null ? null : new CallerCheck.Bound(rs.getString("bound_ticket"),
                        rs.getInt("bound_lifetime_minutes"), rs.getBoolean("bound_one_time")));
    }
}
