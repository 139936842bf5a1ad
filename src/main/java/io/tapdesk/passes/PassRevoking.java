package io.tapdesk.passes;

import java.util.Optional;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Manager;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.limits.PersonLock;
import io.tapdesk.security.Operator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Revoking a pass: the one use case. Under the person's lock (so it never crosses an issue in flight): read the person,
 * write the audit intent (if it cannot, Graph is not called), delete, write the outcome, queue the notice.
 */
@Service
public class PassRevoking {

    private static final Logger log = LoggerFactory.getLogger(PassRevoking.class);

    private final PersonLock lock;
    private final GraphGateway graph;
    private final AuditLog audit;
    private final IssueFormParser forms;
    private final PassNotices notices;

    PassRevoking(PersonLock lock, GraphGateway graph, AuditLog audit, IssueFormParser forms, PassNotices notices) {
        this.forms = forms;
        this.notices = notices;
        this.lock = lock;
        this.graph = graph;
        this.audit = audit;
    }

    /**
     * Revokes pass {@code passId} of person {@code userId}, for {@code ticket} (the configured ticket pattern) and
     * {@code reason} (required, at most {@link IssueFormParser#MAX_NOTE} characters), both recorded with the action.
     * A ticket or reason that does not pass is {@link RevokeOutcome.InvalidForm}: nothing recorded, nothing sent.
     *
     * @throws GraphFailure when the person cannot be read (nothing was recorded or sent)
     */
    public RevokeOutcome revoke(Operator operator, GraphToken token, String userId, String passId, String ticket,
                                String reason, String clientAddress) {
        String checkedTicket = forms.ticket(ticket);
        String checkedReason = forms.reason(reason);
        if (checkedTicket == null || checkedReason == null) {
            return new RevokeOutcome.InvalidForm(checkedTicket == null, checkedReason == null);
        }
        try {
            return lock.exclusive(userId, () -> revokeLocked(operator, token, userId, passId, checkedTicket,
                    checkedReason, clientAddress));
        } catch (PersonLock.Busy busy) {
            return new RevokeOutcome.Busy(userId, busy.samePerson());
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("Not revoking for user {}: PostgreSQL is unavailable", userId, e);
            return RevokeOutcome.NotRecorded.because(e);
        }
    }

    /**
     * After Graph's 404 on the delete: the person's pass read again. A live pass with another id is newer (Graph keeps
     * one pass per person, and a create replaces it): a colleague replaced the confirmed one. Null when there is none,
     * or the read fails (the confirmed pass is gone either way; the card shows the rest).
     */
    private PassStatus newerPass(GraphToken token, String userId, String passId) {
        try {
            PassStatus now = graph.currentPass(token, userId);
            return now.mayWork() && now.passId() != null && !now.passId().equals(passId) ? now : null;
        } catch (GraphFailure failure) {
            log.info("Pass of user {} not read again after its revoke found it gone: {}", userId, failure.getMessage());
            return null;
        }
    }

    /** The person's manager for the notice; none when it cannot be read (the person and security are still told). */
    private Optional<Manager> manager(GraphToken token, String userId) {
        try {
            return graph.manager(token, userId);
        } catch (GraphFailure failure) {
            log.info("Manager of user {} not read for the revoke notice: {}", userId, failure.getMessage());
            return Optional.empty();
        }
    }

    private RevokeOutcome revokeLocked(Operator operator, GraphToken token, String userId, String passId, String ticket,
                                       String reason, String clientAddress) {
        DirectoryUser user = graph.user(token, userId);
        AuditLog.Context context;
        AuditLog.Action action;
        try {
            // the reason where an issue keeps its caller check's note; the pass's id goes with the outcome
            context = new AuditLog.Context(operator, userId, user.userPrincipalName(), ticket, null, reason, clientAddress);
            action = audit.intend(AuditAction.REVOKE, context, AuditLog.Settings.NONE);
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("Not revoking for user {}: the audit trail is unavailable", userId, e);
            return RevokeOutcome.NotRecorded.because(e);
        }
        try {
            boolean removed = graph.revokePass(token, userId, passId);
            PassStatus newer = removed ? null : newerPass(token, userId, passId);
            action.outcome(removed ? AuditOutcome.REVOKED : AuditOutcome.ALREADY_GONE, null,
                    "pass " + passId + (newer == null ? "" : "; newer pass " + newer.passId()));
            log.info("Pass {} of user {} {}", passId, userId, removed ? "revoked"
                    : newer == null ? "was already gone" : "was already replaced by pass " + newer.passId());
            if (removed) {
                notices.revoked(context, action.id(), user, () -> manager(token, userId));
            }
            return newer == null ? new RevokeOutcome.Revoked(user, !removed) : new RevokeOutcome.Replaced(user, newer);
        } catch (GraphFailure failure) {
            action.outcome(failure.outcomeUnknown() ? AuditOutcome.UNKNOWN : AuditOutcome.FAILED, failure.requestId(),
                    failure.kind() + " " + failure.code() + "; pass " + passId);
            return new RevokeOutcome.GraphFailed(failure);
        }
    }
}
