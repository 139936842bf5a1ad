package io.tapdesk.web;

import java.time.Duration;
import java.util.Locale;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.security.Operator;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns a {@link GraphFailure} into words an agent can act on. Never shows Graph's own message text. */
@Component
public class FailureExplainer {

    private final MessageSource messages;

    FailureExplainer(MessageSource messages) {
        this.messages = messages;
    }

    public Problem explain(GraphFailure failure, Operator operator) {
        return explain(failure, key(failure, operator));
    }

    /**
     * A failure of a read TapDesk makes app-only: a 403 there is about the app registration's permissions, never the
     * operator's roles.
     */
    public Problem explainAppOnly(GraphFailure failure, Operator operator) {
        return failure.kind() == GraphFailure.Kind.ACCESS_DENIED ? explain(failure, "graph.access-denied.app-only")
                : explain(failure, operator);
    }

    private Problem explain(GraphFailure failure, String key) {
        Locale locale = LocaleContextHolder.getLocale();
        Object[] args = switch (failure.kind()) {
            case LIFETIME_OUT_OF_RANGE -> failure.range() == null ? new Object[0]
                    : new Object[]{failure.range().min(), failure.range().max()};
            case BUSY -> new Object[]{seconds(failure.retryAfter())};
            default -> new Object[0];
        };
        return new Problem(status(failure),
                messages.getMessage(key + ".headline", args, locale),
                messages.getMessage(key + ".advice", args, locale),
                failure.code(), failure.requestId(), failure.clientRequestId());
    }

    private static String key(GraphFailure failure, Operator operator) {
        String base = "graph." + failure.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (failure.kind()) {
            case ACCESS_DENIED -> base + accessDeniedVariant(operator);
            case LIFETIME_OUT_OF_RANGE -> failure.range() == null ? base + ".no-range" : base;
            case BUSY -> failure.retryAfter() == null ? base + ".no-wait" : base;
            default -> base;
        };
    }

    /** Which Entra role is missing, judged from the directory roles in the operator's ID token when present. */
    private static String accessDeniedVariant(Operator operator) {
        if (!operator.knowsDirectoryRoles()) {
            return ".unknown-roles";
        }
        if (operator.isPrivilegedAuthenticationAdministrator()) {
            return ".protected";
        }
        if (operator.isAuthenticationAdministrator()) {
            return ".needs-privileged";
        }
        return ".needs-role";
    }

    private static long seconds(Duration wait) {
        return wait == null ? 0 : Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static HttpStatus status(GraphFailure failure) {
        return switch (failure.kind()) {
            case ACCESS_DENIED, SELF_SERVICE -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case LIFETIME_OUT_OF_RANGE, START_IN_PAST, BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case BLOCKED_BY_POLICY, EXTERNAL_GUEST -> HttpStatus.CONFLICT;
            case TOKEN_REJECTED -> HttpStatus.UNAUTHORIZED;
            case BUSY -> failure.status() == 429 ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
            case NO_RESPONSE -> HttpStatus.GATEWAY_TIMEOUT;
            case SERVER_ERROR, OTHER, UNSUPPORTED_QUERY, VALUE_MISSING -> HttpStatus.BAD_GATEWAY;
        };
    }
}
