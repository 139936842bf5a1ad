package io.tapdesk.verification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.security.Operator;
import io.tapdesk.security.Roles;
import io.tapdesk.web.FreeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "This is not right" as an incident (issue 17 item 4): the report fences the person (no new pass until the fence
 * ends or an Admin lifts it), is audited, and tells the Approvers (their queue's banner, and {@link IncidentAlerts}).
 * Fences live in {@code person_fence} (V14), shared by every instance. The issue use case asks {@link #active} for
 * every path (the card's verdict, its form, an approved request) through {@code passes.Guardrails}.
 */
@Service
public class Incidents {

    /** The fence's reason when the person's manager answered "This is not right". */
    public static final String MANAGER_NOT_RIGHT = "manager-not-right";
    /** Longest reason or report text kept, as for a revoke's reason (counted by {@link FreeText}). */
    public static final int MAX_TEXT = 500;
    /** Most incidents the banner lists. */
    static final int BANNER_MAX = 20;
    /**
     * The first key of the per-person fence lock ({@link #lockFences}); PersonLock's is 0x7A9D0001, so the two never
     * meet. The second key is the hash of the person's id in lower case.
     */
    private static final int FENCE_LOCK = 0x7A9D_0002;

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);

    /** What {@link #lift} did. */
    public enum Lift {
        /** The person's fences are lifted, and the audit row written in the same transaction. */
        LIFTED,
        /** Nothing to lift: no fence, one that ended, or one another Admin lifted a moment ago. */
        NOT_FENCED,
        /** The reason is missing, longer than {@link #MAX_TEXT} or holds control characters: nothing was done. */
        INVALID_REASON,
        /** The operator is not a TapDesk.Admin: nothing was done. */
        NOT_ADMIN,
        /** The Admin is the agent whose request the manager reported: someone else must lift it (four eyes). */
        OWN_REQUEST
    }

    private final JdbcClient sql;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final IncidentAlerts alerts;
    private final IncidentProperties properties;
    private final Clock clock;

    Incidents(JdbcClient sql, TransactionTemplate transactions, AuditLog audit, IncidentAlerts alerts,
              IncidentProperties properties, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.audit = audit;
        this.alerts = alerts;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records that {@code reporter} (the person's manager) answered "This is not right" to the request of
     * {@code operator} about {@code person}: stores the fence (from now for {@code tapdesk.verification.fence-for}) and
     * its audit rows (kind {@code incident}: one by the reporter, outcome {@code fenced}; one for the operator, outcome
     * {@code refused}) in one transaction, then tells the Approvers' mailbox when one is configured.
     *
     * @param ticket        the ticket the operator gave, or null
     * @param clientAddress the reporter's client address ({@code web.ClientAddress}), or null
     * @param text          what the reporter typed, or null; kept as {@link FreeText} normalises it, control
     *                      characters made spaces and cut at {@link #MAX_TEXT} (a report is never lost to its wording)
     * @return the fence just stored
     * @throws AuditUnavailable    the audit rows could not be written: nothing was stored
     * @throws DataAccessException PostgreSQL is away: nothing was stored
     */
    public Fence report(Party reporter, Party person, Party operator, String ticket, String clientAddress, String text) {
        Instant now = clock.instant();
        String said = keptText(text);
        Fence fence = new Fence(UUID.randomUUID(), person, MANAGER_NOT_RIGHT, now, now.plus(properties.fenceFor()),
                reporter, operator, blankToNull(ticket), blankToNull(clientAddress), said, null, null, null);
        transactions.executeWithoutResult(status -> {
            // a check being recorded commits before this (and is spent below) or reads this fence and is refused
            lockFences(person.id());
            sql.sql("""
                    insert into person_fence (id, person_id, person_upn, person_name, reason, created_at, until_at,
                        reported_by_oid, reported_by_upn, reported_by_name, operator_oid, operator_upn, operator_name,
                        ticket, reporter_address, report_text)
                    values (:id, :pid, :pupn, :pname, :reason, :created, :until, :rid, :rupn, :rname, :oid, :oupn, :oname,
                        :ticket, :address, :text)""")
                    .param("id", fence.id()).param("pid", person.id()).param("pupn", person.upn())
                    .param("pname", person.name()).param("reason", fence.reason())
                    .param("created", Timestamp.from(now)).param("until", Timestamp.from(fence.until()))
                    .param("rid", reporter.id()).param("rupn", reporter.upn()).param("rname", reporter.name())
                    .param("oid", operator == null ? null : operator.id())
                    .param("oupn", operator == null ? null : operator.upn())
                    .param("oname", operator == null ? null : operator.name())
                    .param("ticket", fence.ticket()).param("address", fence.reporterAddress()).param("text", said)
                    .update();
            // a check of this caller made before the report may be of the very caller the manager says was not the
            // person: none of them allows anything any more, not even once an Admin lifts the fence (fail closed). An
            // action under way keeps its claim; its consume or release then finds the check spent.
            sql.sql("""
                    update caller_check set consumed_at = :now, claimed_by = coalesce(claimed_by, :by)
                    where lower(person_id) = lower(:pid) and consumed_at is null""")
                    .param("now", Timestamp.from(now)).param("by", "incident " + fence.id()).param("pid", person.id())
                    .update();
            String until = "fence until " + fence.until();
            // the reporter acts: a manager, not an operator, so they hold no TapDesk role in the row
            audit.event(AuditAction.INCIDENT, AuditOutcome.FENCED,
                    new AuditLog.Context(asActor(reporter), person.id(), person.upn(), fence.ticket(), null, said,
                            fence.reporterAddress()),
                    until + (operator == null ? "" : "; asked by " + label(operator)));
            if (operator != null) {
                // and on the operator's own lines of the audit page: the request they made was reported
                audit.event(AuditAction.INCIDENT, AuditOutcome.REFUSED,
                        new AuditLog.Context(asActor(operator), person.id(), person.upn(), fence.ticket(), null, said,
                                fence.reporterAddress()),
                        "reported by " + label(reporter) + "; " + until);
            }
        });
        log.warn("Incident {}: {} reported the request about person {} as not right; no new pass until {}",
                fence.id(), reporter.id(), person.id(), fence.until());
        String mailbox = properties.incidentMailbox();
        if (mailbox != null && !mailbox.isBlank()) {
            try {
                alerts.reported(fence, mailbox.strip());
            } catch (RuntimeException e) {
                // the fence and the banner stand; only the message is missing
                log.error("Incident {} stored, but the Approvers' message could not be queued", fence.id(), e);
            }
        }
        return fence;
    }

    /**
     * The fence that refuses a pass for {@code personId} now (of several, the one that ends last), or empty.
     *
     * @throws DataAccessException PostgreSQL cannot be read: the caller must refuse (fail closed)
     */
    public Optional<Fence> active(String personId) {
        // Entra ids are GUIDs, in any case: a report naming the person in upper case fences them all the same
        return sql.sql(SELECT + " where lower(person_id) = lower(:pid) and lifted_at is null and until_at > :now"
                        + " order by until_at desc limit 1")
                .param("pid", personId).param("now", Timestamp.from(clock.instant()))
                .query(Incidents::fence).optional();
    }

    /**
     * Takes the person's fence lock until the current transaction ends (a PostgreSQL advisory lock, so across
     * instances), then reads whether a fence refuses them now. Storing a fence ({@link #report}) and recording a check
     * of the caller ({@link CallerChecks#record}) both hold it: otherwise a check that read "no fence" just before a
     * report committed would be written after it, outside the report's reach, and allow a pass once the fence is
     * lifted. Take it before anything else in the transaction (before an audit row, whose chain has a lock of its own).
     *
     * @return whether a fence refuses {@code personId} now
     * @throws IllegalStateException when no transaction is active (the lock would end with the statement)
     * @throws DataAccessException   PostgreSQL is away: the caller must refuse (fail closed)
     */
    boolean lockFences(String personId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the fence lock is held by a transaction: none is active");
        }
        sql.sql("select pg_advisory_xact_lock(:key, hashtext(lower(:pid)))")
                .param("key", FENCE_LOCK).param("pid", personId).query((rs, n) -> 1).list();
        return active(personId).isPresent();
    }

    /**
     * For the Approvers' banner: every active fence, then incidents whose fence ended or was lifted in the last
     * {@code tapdesk.verification.banner-days} days; newest first, at most {@value #BANNER_MAX}.
     *
     * @throws DataAccessException PostgreSQL cannot be read
     */
    public List<Fence> banner() {
        Instant now = clock.instant();
        return sql.sql(SELECT + " where (lifted_at is null and until_at > :now) or created_at > :since"
                        + " order by (lifted_at is null and until_at > :now) desc, created_at desc limit " + BANNER_MAX)
                .param("now", Timestamp.from(now))
                .param("since", Timestamp.from(now.minus(Duration.ofDays(properties.bannerDays()))))
                .query(Incidents::fence).list();
    }

    /**
     * An Admin lifts every active fence of {@code personId}, for {@code reason} (required, normalised by
     * {@link FreeText}, at most {@link #MAX_TEXT} characters, no control characters). One conditional UPDATE and the
     * audit row (kind {@code incident}, outcome {@code lifted}, the reason as the row's reason) in one transaction, so
     * of two Admins lifting at once exactly one lifts and is audited; the other gets {@link Lift#NOT_FENCED}.
     *
     * @throws AuditUnavailable    the audit row could not be written: the fence stays
     * @throws DataAccessException PostgreSQL is away: the fence stays
     */
    public Lift lift(Operator admin, String personId, String reason, String clientAddress) {
        if (!admin.has(Roles.ADMIN)) {
            return Lift.NOT_ADMIN;
        }
        String why = FreeText.of(reason);
        if (why.isEmpty() || why.length() > MAX_TEXT || FreeText.hasControl(why)) {
            return Lift.INVALID_REASON;
        }
        Instant now = clock.instant();
        boolean ownRequest = sql.sql("""
                select count(*) from person_fence where lower(person_id) = lower(:pid) and lifted_at is null
                and until_at > :now and lower(coalesce(operator_oid, '')) = lower(:oid)""")
                .param("pid", personId).param("now", Timestamp.from(now)).param("oid", admin.objectId())
                .query(Integer.class).single() > 0;
        if (ownRequest) {
            // the agent the manager reported does not decide that the report was wrong
            return Lift.OWN_REQUEST;
        }
        Boolean lifted = transactions.execute(status -> {
            List<String> upns = sql.sql("""
                    update person_fence set lifted_at = :now, lifted_by_oid = :oid, lifted_by_upn = :upn,
                        lifted_reason = :reason
                    where lower(person_id) = lower(:pid) and lifted_at is null and until_at > :now
                      and lower(coalesce(operator_oid, '')) <> lower(:oid)
                    returning coalesce(person_upn, '')""")
                    .param("now", Timestamp.from(now)).param("oid", admin.objectId()).param("upn", admin.username())
                    .param("reason", why).param("pid", personId)
                    .query(String.class).list();
            if (upns.isEmpty()) {
                return false;
            }
            audit.event(AuditAction.INCIDENT, AuditOutcome.LIFTED,
                    new AuditLog.Context(admin, personId, blankToNull(upns.get(0)), null, null, why, clientAddress),
                    "fence lifted");
            return true;
        });
        if (Boolean.TRUE.equals(lifted)) {
            log.info("Fence on person {} lifted by {}", personId, admin.objectId());
            return Lift.LIFTED;
        }
        return Lift.NOT_FENCED;
    }

    private static final String SELECT = """
            select id, person_id, person_upn, person_name, reason, created_at, until_at, reported_by_oid, reported_by_upn,
                reported_by_name, operator_oid, operator_upn, operator_name, ticket, reporter_address, report_text,
                lifted_at, lifted_by_upn, lifted_reason
            from person_fence""";

    private static Fence fence(ResultSet rs, int row) throws SQLException {
        String operator = rs.getString("operator_oid");
        return new Fence(rs.getObject("id", UUID.class),
                new Party(rs.getString("person_id"), rs.getString("person_upn"), rs.getString("person_name")),
                rs.getString("reason"), instant(rs, "created_at"), instant(rs, "until_at"),
                new Party(rs.getString("reported_by_oid"), rs.getString("reported_by_upn"), rs.getString("reported_by_name")),
                operator == null ? null : new Party(operator, rs.getString("operator_upn"), rs.getString("operator_name")),
                rs.getString("ticket"), rs.getString("reporter_address"), rs.getString("report_text"),
                instant(rs, "lifted_at"), rs.getString("lifted_by_upn"), rs.getString("lifted_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Operator asActor(Party party) {
        return new Operator(party.id(), party.name(), party.upn() == null ? party.id() : party.upn(),
                Set.of(), Set.of());
    }

    private static String label(Party party) {
        return party.upn() != null && !party.upn().isBlank() ? party.upn() : party.id();
    }

    private static String keptText(String raw) {
        String text = FreeText.of(raw);
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(c -> kept.appendCodePoint(Character.isISOControl(c) && c != '\n' ? ' ' : c));
        String result = kept.toString().strip();
        if (result.length() > MAX_TEXT) {
            result = result.substring(0, MAX_TEXT);
        }
        return result.isEmpty() ? null : result;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
