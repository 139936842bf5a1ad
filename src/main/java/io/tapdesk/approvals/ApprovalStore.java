package io.tapdesk.approvals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.security.Operator;
import io.tapdesk.verification.Verification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Approval requests in PostgreSQL. Every state change is one conditional UPDATE, so two approvers, two tabs or two
 * instances cannot both win, and self-approval is refused by the statement itself.
 */
@Component
class ApprovalStore {

    private final JdbcClient jdbc;

    ApprovalStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long create(Operator requester, DirectoryUser target, PassRequest request, Verification verification,
                List<String> reasons, String replacePassId, String recipientKind, String recipientId, String recipientName, Instant now) {
        return jdbc.sql("""
                        insert into approval_request (created_at, requester_oid, requester_upn, target_id, target_upn, target_name,
                          lifetime_minutes, one_time, start_at, ticket, verification_method, verification_note, reasons, state,
                          replace_pass_id, caller_check_id, recipient_kind, recipient_id, recipient_name)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(Timestamp.from(now), requester.objectId(), requester.username(), target.id(), target.userPrincipalName(),
                        target.displayName(), request.lifetimeMinutes(), request.usableOnce(),
                        request.start() == null ? null : Timestamp.from(request.start()), verification.ticket(),
                        verification.method(), verification.note(), String.join(",", reasons), RequestState.PENDING.stored(),
                        replacePassId, verification.checkId(), recipientKind, recipientId, recipientName)
                .query(Long.class).single();
    }

    Optional<ApprovalRequest> find(long id) {
        return jdbc.sql("select * from approval_request where id = ?").param(id).query(ApprovalStore::row).optional();
    }

    /** Pending requests an approver may decide: never their own, never one for a pass for themselves. */
    List<ApprovalRequest> pendingFor(String approverOid) {
        return jdbc.sql("""
                        select * from approval_request
                        where state = ? and lower(requester_oid) <> lower(?) and lower(target_id) <> lower(?) order by id""")
                .params(RequestState.PENDING.stored(), approverOid, approverOid).query(ApprovalStore::row).list();
    }

    List<ApprovalRequest> requestedBy(String requesterOid) {
        return jdbc.sql("select * from approval_request where requester_oid = ? order by id desc limit 100")
                .param(requesterOid).query(ApprovalStore::row).list();
    }

    List<ApprovalRequest> decidedBy(String approverOid) {
        return jdbc.sql("select * from approval_request where decided_by_oid = ? order by decided_at desc limit 100")
                .param(approverOid).query(ApprovalStore::row).list();
    }

    /**
     * pending -> approved/rejected, by someone who is neither the requester nor the person the pass is for. An approval
     * keeps {@code seen}, what the approver saw about the person (null for a rejection).
     */
    boolean decide(long id, Operator approver, boolean approve, String reason, ApprovalSnapshot seen, Instant now) {
        return jdbc.sql("""
                        update approval_request set state = ?, decided_by_oid = ?, decided_by_upn = ?, decided_at = ?, decision_reason = ?,
                          seen_privilege = ?, seen_pass_id = ?, seen_enabled = ?, seen_user_type = ?, seen_policy_hash = ?
                        where id = ? and state = ? and lower(requester_oid) <> lower(?) and lower(target_id) <> lower(?)""")
                .params((approve ? RequestState.APPROVED : RequestState.REJECTED).stored(), approver.objectId(),
                        approver.username(), Timestamp.from(now), reason,
                        seen == null ? null : seen.privilege(), seen == null ? null : seen.livePassId(),
                        seen == null ? null : seen.enabled(), seen == null ? null : seen.userType(),
                        seen == null ? null : seen.policyHash(),
                        id, RequestState.PENDING.stored(), approver.objectId(), approver.objectId())
                .update() == 1;
    }

    /**
     * approved -> pending again, because the person changed since the approval: the decision and what was seen are
     * cleared, the changes kept for the pages. Only by the requester, only while still approved.
     */
    boolean sendBack(long id, String requesterOid, List<ApprovalSnapshot.Change> changes) {
        return jdbc.sql("""
                        update approval_request set state = ?, decided_by_oid = null, decided_by_upn = null, decided_at = null,
                          decision_reason = null, seen_privilege = null, seen_pass_id = null, seen_enabled = null,
                          seen_user_type = null, seen_policy_hash = null, sent_back_changes = ?
                        where id = ? and requester_oid = ? and state = ?""")
                .params(RequestState.PENDING.stored(), ApprovalSnapshot.store(changes), id, requesterOid,
                        RequestState.APPROVED.stored())
                .update() == 1;
    }

    /** pending or approved (not yet issued) -> withdrawn, by the requester only. */
    boolean withdraw(long id, String requesterOid, Instant now) {
        return jdbc.sql("""
                        update approval_request set state = ?, withdrawn_at = ?
                        where id = ? and requester_oid = ? and state in (?, ?)""")
                .params(RequestState.WITHDRAWN.stored(), Timestamp.from(now), id, requesterOid,
                        RequestState.PENDING.stored(), RequestState.APPROVED.stored())
                .update() == 1;
    }

    /** The requester's open request for this person: pending, or approved after {@code approvedAfter} and not issued. */
    Optional<ApprovalRequest> openFor(String targetId, String requesterOid, Instant approvedAfter) {
        return jdbc.sql("""
                        select * from approval_request
                        where lower(target_id) = lower(?) and requester_oid = ?
                          and (state = ? or (state = ? and decided_at > ?))
                        order by id desc limit 1""")
                .params(targetId, requesterOid, RequestState.PENDING.stored(), RequestState.APPROVED.stored(),
                        Timestamp.from(approvedAfter))
                .query(ApprovalStore::row).optional();
    }

    /** approved -> issued, once, by the requester, before the approval expires. */
    boolean claimForIssue(long id, String requesterOid, Instant now, Instant approvedAfter) {
        return jdbc.sql("""
                        update approval_request set state = ?, issued_at = ?
                        where id = ? and requester_oid = ? and state = ? and decided_at > ?""")
                .params(RequestState.ISSUED.stored(), Timestamp.from(now), id, requesterOid, RequestState.APPROVED.stored(),
                        Timestamp.from(approvedAfter)).update() == 1;
    }

    /** Graph refused or nothing was recorded: no pass exists, so the approval may be used again. */
    void release(long id) {
        jdbc.sql("update approval_request set state = ?, issued_at = null where id = ? and state = ?")
                .params(RequestState.APPROVED.stored(), id, RequestState.ISSUED.stored()).update();
    }

    private static ApprovalRequest row(ResultSet rs, int n) throws SQLException {
        return new ApprovalRequest(rs.getLong("id"), instant(rs, "created_at"), rs.getString("requester_oid"),
                rs.getString("requester_upn"), rs.getString("target_id"), rs.getString("target_upn"), rs.getString("target_name"),
                rs.getInt("lifetime_minutes"), rs.getBoolean("one_time"), instant(rs, "start_at"), rs.getString("ticket"),
                rs.getString("verification_method"), rs.getString("verification_note"),
                Arrays.asList(rs.getString("reasons").split(",")), RequestState.fromStored(rs.getString("state")),
                rs.getString("decided_by_upn"), instant(rs, "decided_at"), rs.getString("decision_reason"),
                instant(rs, "issued_at"), rs.getString("replace_pass_id"), seen(rs),
                ApprovalSnapshot.load(rs.getString("sent_back_changes")), rs.getString("recipient_kind"),
                rs.getString("recipient_id"), rs.getString("recipient_name"));
    }

    private static ApprovalSnapshot seen(ResultSet rs) throws SQLException {
        if (rs.getString("seen_privilege") == null) {
            return null;
        }
        return new ApprovalSnapshot(rs.getString("seen_privilege"), rs.getString("seen_pass_id"), rs.getBoolean("seen_enabled"),
                rs.getString("seen_user_type"), rs.getString("seen_policy_hash"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
