package io.tapdesk.passes;

import io.tapdesk.directory.PassStatus;
import io.tapdesk.directory.PassRequest;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.audit.AuditUnavailable;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.limits.RateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Issues a pass and says how it went: the intent goes into the audit trail first (if it cannot, Graph is not
 * called), then the create, then the outcome. The one place a pass is created.
 */
@Service
public class PassIssuer {

    private static final Logger log = LoggerFactory.getLogger(PassIssuer.class);

    /** How an issue attempt ended. */
    public interface Outcome {
    }

    /** Created: the value is shown once, on the response to this POST. */
    public record Issued(IssuedPass pass) implements Outcome {
    }

    /** Graph refused; nothing was created. */
    public record Refused(GraphFailure failure) implements Outcome {
    }

    /** No clear answer: a pass may or may not exist now. {@code current} is null when it could not be read either. */
    public record Unknown(GraphFailure failure, PassStatus current, GraphFailure readFailure) implements Outcome {
    }

    /** The audit trail could not record the intent, so nothing was sent to Graph. */
    public record NotRecorded() implements Outcome {
    }

    /** A rate limit refused it ("operator" or "person"); the next pass is allowed at {@code nextAllowed}. */
    public record Limited(String limit, java.time.Instant nextAllowed) implements Outcome {
    }

    private final GraphGateway graph;
    private final AuditLog audit;
    private final RateLimits limits;

    PassIssuer(GraphGateway graph, AuditLog audit, RateLimits limits) {
        this.graph = graph;
        this.audit = audit;
        this.limits = limits;
    }

    /** {@code replacing}: the person has a pass this one replaces (recorded as a replace). */
    public Outcome issue(GraphToken token, AuditLog.Context context, PassRequest request, boolean replacing) {
        AuditLog.Action action;
        try {
            RateLimits.Verdict verdict = limits.tryIssue(context.operator().objectId(), context.targetId());
            if (!verdict.allowed()) {
                audit.event("refused", "refused", context, "rate-limit " + verdict.limit() + " until " + verdict.nextAllowed());
                return new Limited(verdict.limit(), verdict.nextAllowed());
            }
            action = audit.intend(replacing ? "replace" : "issue", context,
                    new AuditLog.Settings(request.lifetimeMinutes(), request.usableOnce(), request.start()));
        } catch (AuditUnavailable | org.springframework.dao.DataAccessException e) {
            log.error("Not issuing for user {}: the audit trail is unavailable", context.targetId(), e);
            return new NotRecorded();
        }
        try {
            IssuedPass pass = graph.createPass(token, context.targetId(), request);
            log.info("Pass {} issued for user {} ({} min, one-time {}) action {}", pass.status().passId(), context.targetId(),
                    request.lifetimeMinutes(), request.usableOnce(), action.id());
            action.outcome("issued", pass.graphRequestId(), pass.status().state().name());
            return new Issued(pass);
        } catch (GraphFailure failure) {
            if (!failure.outcomeUnknown()) {
                log.info("Pass for user {} refused: {}", context.targetId(), failure.getMessage());
                action.outcome("failed", failure.requestId(), failure.kind() + " " + failure.code());
                return new Refused(failure);
            }
            // never re-send the create: a second one would replace a pass the operator may have read out already
            log.warn("Pass for user {} has an unknown outcome: {}", context.targetId(), failure.getMessage());
            action.outcome("unknown", failure.requestId(), failure.kind() + " " + failure.code());
            try {
                return new Unknown(failure, graph.currentPass(token, context.targetId()), null);
            } catch (GraphFailure readFailure) {
                return new Unknown(failure, null, readFailure);
            }
        }
    }
}
