package io.tapdesk.passes;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Issues a pass and says how it went. The one place a pass is created (the audit trail hooks in here).
 */
@Service
public class PassIssuer {

    private static final Logger log = LoggerFactory.getLogger(PassIssuer.class);

    /** How an issue attempt ended. */
    public sealed interface Outcome {
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

    private final GraphGateway graph;

    PassIssuer(GraphGateway graph) {
        this.graph = graph;
    }

    public Outcome issue(GraphToken token, String userId, PassRequest request) {
        try {
            IssuedPass pass = graph.createPass(token, userId, request);
            log.info("Pass {} issued for user {} ({} min, one-time {})", pass.status().passId(), userId,
                    request.lifetimeMinutes(), request.usableOnce());
            return new Issued(pass);
        } catch (GraphFailure failure) {
            if (!failure.outcomeUnknown()) {
                log.info("Pass for user {} refused: {}", userId, failure.getMessage());
                return new Refused(failure);
            }
            // never re-send the create: a second one would replace a pass the operator may have read out already
            log.warn("Pass for user {} has an unknown outcome: {}", userId, failure.getMessage());
            try {
                return new Unknown(failure, graph.currentPass(token, userId), null);
            } catch (GraphFailure readFailure) {
                return new Unknown(failure, null, readFailure);
            }
        }
    }
}
