package io.tapdesk.passes;

import java.util.Objects;

import io.tapdesk.audit.AuditAction;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditOutcome;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.limits.RateLimits;
import io.tapdesk.users.CardFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The last steps of {@link PassIssuing}, the one place a pass is created: the limits, the audit intent (if it cannot
 * be written, Graph is not called), the create, the outcome row. A create is never re-sent after an unclear answer:
 * a second one would replace a pass the operator may have read out already.
 */
@Component
class PassCreation {

    private static final Logger log = LoggerFactory.getLogger(PassCreation.class);

    private final GraphGateway graph;
    private final AuditLog audit;
    private final RateLimits limits;
    private final PassNotices notices;

    PassCreation(GraphGateway graph, AuditLog audit, RateLimits limits, PassNotices notices) {
        this.graph = graph;
        this.audit = audit;
        this.limits = limits;
        this.notices = notices;
    }

    /**
     * Who makes the pass and reads it again after an unclear answer: the operator's delegated token (card, approved
     * request) or the pickup registration (a hand-over's pickup). Both throw {@link GraphFailure} as
     * {@link GraphGateway#createPass} and {@link GraphGateway#currentPass} do.
     */
    interface Maker {
        IssuedPass create(String userId, PassRequest request);

        PassStatus currentPass(String userId);
    }

    /** The operator's own token. */
    Maker delegated(GraphToken token) {
        return new Maker() {
            @Override
            public IssuedPass create(String userId, PassRequest request) {
                return graph.createPass(token, userId, request);
            }

            @Override
            public PassStatus currentPass(String userId) {
                return graph.currentPass(token, userId);
            }
        };
    }

    /** As {@link #create(Maker, AuditLog.Context, PassRequest, CardFacts)} with the operator's own token. */
    IssueOutcome create(GraphToken token, AuditLog.Context context, PassRequest request, CardFacts facts) {
        return create(delegated(token), context, request, facts);
    }

    /** {@code facts}: the person as read under the lock; a pass they have now is recorded as replaced. */
    IssueOutcome create(Maker maker, AuditLog.Context context, PassRequest request, CardFacts facts) {
        AuditLog.Action action;
        try {
            RateLimits.Verdict verdict = limits.tryIssue(context.operator().objectId(), context.targetId());
            if (!verdict.allowed()) {
                audit.event(AuditAction.REFUSED, AuditOutcome.REFUSED, context,
                        "rate-limit " + verdict.limit() + " until " + verdict.nextAllowed());
                return new IssueOutcome.Limited(facts, verdict.limit(), verdict.nextAllowed());
            }
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("Not issuing for user {}: the audit trail is unavailable", context.targetId(), e);
            return IssueOutcome.NotRecorded.because(e);
        }
        try {
            action = audit.intend(facts.currentPass().exists() ? AuditAction.REPLACE : AuditAction.ISSUE, context,
                    new AuditLog.Settings(request.lifetimeMinutes(), request.usableOnce(), request.start()));
        } catch (AuditUnavailable | DataAccessException e) {
            log.error("Not issuing for user {}: the audit trail is unavailable", context.targetId(), e);
            giveBack(context);
            return IssueOutcome.NotRecorded.because(e);
        }
        try {
            IssuedPass pass = maker.create(context.targetId(), request);
            log.info("Pass {} issued for user {} ({} min, one-time {}) action {}", pass.status().passId(), context.targetId(),
                    request.lifetimeMinutes(), request.usableOnce(), action.id());
            action.outcome(AuditOutcome.ISSUED, pass.graphRequestId(), pass.status().state().name());
            notices.issued(context, action.id(), facts, facts.currentPass().exists());
            return new IssueOutcome.Issued(facts.user(), pass);
        } catch (GraphFailure failure) {
            if (!failure.outcomeUnknown()) {
                log.info("Pass for user {} refused: {}", context.targetId(), failure.getMessage());
                action.outcome(AuditOutcome.FAILED, failure.requestId(), failure.kind() + " " + failure.code());
                giveBack(context);
                return new IssueOutcome.GraphRefused(facts, failure);
            }
            log.warn("Pass for user {} has an unknown outcome: {}", context.targetId(), failure.getMessage());
            PassStatus current;
            try {
                current = maker.currentPass(context.targetId());
            } catch (GraphFailure readFailure) {
                action.outcome(AuditOutcome.UNKNOWN, failure.requestId(), failure.kind() + " " + failure.code());
                notices.unknown(context, action.id(), facts);
                return new IssueOutcome.Unknown(facts.user(), failure, null, readFailure, false);
            }
            // a 5xx or a time-out, and the pass read again is the one read before the create: no new pass was made.
            // (Were Graph's list late to show a new one, the next attempt meets it and asks to replace it by its id.)
            boolean createdButUnread = failure.kind() == GraphFailure.Kind.VALUE_MISSING
                    || (failure.status() >= 200 && failure.status() <= 299);
            boolean noNewPass = !createdButUnread && Objects.equals(current.passId(), facts.currentPass().passId());
            action.outcome(AuditOutcome.UNKNOWN, failure.requestId(), failure.kind() + " " + failure.code()
                    + (noNewPass ? " no-new-pass" : ""));
            // told even when the pass read again looks unchanged: Graph's list may be late to show a new one
            notices.unknown(context, action.id(), facts);
            return new IssueOutcome.Unknown(facts.user(), failure, current, null, noNewPass);
        }
    }

    /** Nothing was made: the allowances taken for this create go back (a failure to do so only costs an allowance). */
    private void giveBack(AuditLog.Context context) {
        try {
            limits.giveBack(context.operator().objectId(), context.targetId());
        } catch (DataAccessException e) {
            log.warn("Allowances for user {} not given back after a create that made nothing", context.targetId(), e);
        }
    }
}
