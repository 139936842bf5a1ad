package io.tapdesk.graph;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ResponseHeaders;
import io.tapdesk.graph.GraphFailure.Kind;
import io.tapdesk.graph.GraphFailure.Range;

/** Turns what the Graph SDK throws into one {@link GraphFailure}. Branches on status and code, then on message text. */
final class GraphFailures {

    private static final Pattern LIFETIME_RANGE = Pattern.compile("between\\s+(\\d+)\\s+and\\s+(\\d+)");

    private GraphFailures() {
    }

    static GraphFailure from(RuntimeException e, CallRecord record) {
        if (e instanceof GraphFailure failure) {
            return failure;
        }
        if (e instanceof ApiException api && api.getResponseStatusCode() > 0) {
            return fromResponse(api, record.clientRequestId());
        }
        if (record.status() > 0) {
            // an answer came but the SDK could not read it (an HTML error page, broken JSON)
            return new GraphFailure(kindOf(record.status()), record.status(), "unreadableResponse", record.requestId(),
                    record.clientRequestId(), retryAfter(record.retryAfter()), null, e);
        }
        // kiota wraps I/O problems (time-outs, resets, an empty response) in a RuntimeException
        if (hasCause(e, IOException.class)) {
            return new GraphFailure(Kind.NO_RESPONSE, 0, "", "", record.clientRequestId(), null, null, e);
        }
        return new GraphFailure(Kind.OTHER, 0, e.getClass().getSimpleName(), "", record.clientRequestId(), null, null, e);
    }

    private static GraphFailure fromResponse(ApiException e, String clientRequestId) {
        int status = e.getResponseStatusCode();
        String code = "";
        String message = "";
        String requestId = header(e.getResponseHeaders(), "request-id");
        if (e instanceof ODataError odata && odata.getError() != null) {
            code = nonNull(odata.getError().getCode());
            message = nonNull(odata.getError().getMessage());
            if (requestId.isEmpty() && odata.getError().getInnerError() != null) {
                requestId = nonNull(odata.getError().getInnerError().getRequestId());
            }
        }
        Range range = null;
        Kind kind;
        String text = message.toLowerCase(Locale.ROOT);
        if (status == 400 && text.contains("lifetimeinminutes")) {
            kind = Kind.LIFETIME_OUT_OF_RANGE;
            Matcher m = LIFETIME_RANGE.matcher(message);
            range = m.find() ? new Range(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
        } else if (status == 400 && text.contains("startdatetime")) {
            kind = Kind.START_IN_PAST;
        } else if (status / 100 == 4 && text.contains("converged usercredentialpolicy")) {
            kind = Kind.BLOCKED_BY_POLICY;
        } else if (status / 100 == 4 && text.contains("external guest")) {
            kind = Kind.EXTERNAL_GUEST;
        } else if (status == 403 && text.contains("self-service")) {
            kind = Kind.SELF_SERVICE;
        } else if (status == 400 && "Request_UnsupportedQuery".equalsIgnoreCase(code)) {
            kind = Kind.UNSUPPORTED_QUERY;
        } else {
            kind = kindOf(status);
        }
        return new GraphFailure(kind, status, code, requestId, clientRequestId,
                retryAfter(header(e.getResponseHeaders(), "Retry-After")), range, null);
    }

    private static Kind kindOf(int status) {
        return switch (status) {
            case 400 -> Kind.BAD_REQUEST;
            case 401 -> Kind.TOKEN_REJECTED;
            case 403 -> Kind.ACCESS_DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 429, 503, 504 -> Kind.BUSY;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.OTHER;
        };
    }

    /** Graph sends whole or fractional seconds ("10", "2.128"); anything else is ignored. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(header.trim());
            if (seconds.signum() < 0) {
                return null;
            }
            return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact());
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            return null;
        }
    }

    private static String header(ResponseHeaders headers, String name) {
        if (headers == null) {
            return "";
        }
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().iterator().next();
            }
        }
        return "";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
