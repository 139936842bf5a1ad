package io.tapdesk.graph;

import java.time.Duration;

/**
 * Every way a Graph call can fail, as one typed exception. Its message carries the kind, status, Graph code and
 * request ids, never a response body (a body could hold a credential).
 */
public class GraphFailure extends RuntimeException {

    public enum Kind {
        /** 403: the operator lacks the Entra role (or the scope) for this person. */
        ACCESS_DENIED,
        /** 403 on one's own account: Graph does not let operators issue to themselves. */
        SELF_SERVICE,
        /** 404: the person (or the pass) does not exist. */
        NOT_FOUND,
        /** 400: the lifetime is outside the tenant policy's range; {@link #range()} tells it when Graph did. */
        LIFETIME_OUT_OF_RANGE,
        /** 400: the start lies in the past. */
        START_IN_PAST,
        /** 400: the tenant's authentication methods policy blocks passes for this person. */
        BLOCKED_BY_POLICY,
        /** 4xx: external (B2B) guests cannot get a pass. */
        EXTERNAL_GUEST,
        /** 400 Request_UnsupportedQuery: a query Graph does not take (TapDesk's bug, never the agent's). */
        UNSUPPORTED_QUERY,
        /** Any other 400. */
        BAD_REQUEST,
        /** 401: the token was refused; signing in again helps. */
        TOKEN_REJECTED,
        /** 429, 503, 504: Graph is busy; {@link #retryAfter()} tells when to try again when Graph said. */
        BUSY,
        /** Another 5xx. */
        SERVER_ERROR,
        /** No answer: time-out or a dropped connection. */
        NO_RESPONSE,
        /** 2xx on a create whose pass value could not be read: a pass exists that nobody has seen. */
        VALUE_MISSING,
        /** Anything else. */
        OTHER
    }

    /** The lifetime bounds Graph named in its error. */
    public record Range(int min, int max) {
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final String requestId;
    private final String clientRequestId;
    private final Duration retryAfter;
    private final Range range;

    public GraphFailure(Kind kind, int status, String code, String requestId, String clientRequestId,
                        Duration retryAfter, Range range, Throwable cause) {
        super("Graph call failed: " + kind + " status=" + status + " code=" + code
                + " request-id=" + requestId + " client-request-id=" + clientRequestId, cause);
        this.kind = kind;
        this.status = status;
        this.code = code == null ? "" : code;
        this.requestId = requestId == null ? "" : requestId;
        this.clientRequestId = clientRequestId == null ? "" : clientRequestId;
        this.retryAfter = retryAfter;
        this.range = range;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }

    public String clientRequestId() {
        return clientRequestId;
    }

    /** When Graph said to retry, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The lifetime range from a lifetime error, or null. */
    public Range range() {
        return range;
    }

    /**
     * Whether a create that failed this way may still have created a pass: Graph may have done the work before
     * the 5xx, the time-out or the dropped connection.
     */
    public boolean outcomeUnknown() {
        // a 2xx that could not be read: the pass was made, but its value never reached us
        boolean unreadableSuccess = status >= 200 && status <= 299;
        return kind == Kind.NO_RESPONSE || kind == Kind.SERVER_ERROR || (status >= 500 && status <= 599) || unreadableSuccess;
    }
}
