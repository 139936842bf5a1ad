package io.tapdesk.graph;

import com.microsoft.kiota.RequestOption;

/**
 * One gateway call's identity and what the network said, filled in by {@link GraphCallLog}. It travels with the
 * request as an SDK option (OkHttp tag), so a failure can name the status and request-id even when the SDK could
 * not read the answer (an HTML page from a proxy, broken JSON).
 */
final class CallRecord implements RequestOption {

    private final String clientRequestId;
    private volatile int status;
    private volatile String requestId = "";
    private volatile String retryAfter;

    CallRecord(String clientRequestId) {
        this.clientRequestId = clientRequestId;
    }

    void answered(int status, String requestId, String retryAfter) {
        this.status = status;
        this.requestId = requestId == null ? "" : requestId;
        this.retryAfter = retryAfter;
    }

    String clientRequestId() {
        return clientRequestId;
    }

    /** The last attempt's HTTP status, or 0 when no answer came. */
    int status() {
        return status;
    }

    String requestId() {
        return requestId;
    }

    String retryAfter() {
        return retryAfter;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends RequestOption> Class<T> getType() {
        return (Class<T>) CallRecord.class;
    }
}
