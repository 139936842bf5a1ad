package io.tapdesk.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.tapdesk.graph.GraphFailure;
import io.tapdesk.security.GrantedScopes;
import io.tapdesk.security.Operator;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns a {@link GraphFailure} into words an agent can act on. Never shows Graph's own message text. */
@Component
public class FailureExplainer {

    /**
     * What a call on someone's authentication methods needs besides the operator's Entra role: one of these delegated
     * permissions (the v1.0 permission tables, docs/graph.md §4). The first is the one TapDesk asks for.
     */
    public enum Needs {
        /** The methods list ({@code /authentication/methods}). */
        METHODS_READ(List.of("UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All")),
        /** The pass list ({@code /authentication/temporaryAccessPassMethods}). */
        PASS_READ(List.of("UserAuthMethod-TAP.ReadWrite.All", "UserAuthMethod-TAP.Read.All",
                "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All")),
        /** Creating or deleting a pass. */
        PASS_WRITE(List.of("UserAuthMethod-TAP.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All"));

        private final List<String> accepted;

        Needs(List<String> accepted) {
            this.accepted = accepted;
        }

        /** The permission TapDesk asks for this call. */
        public String permission() {
            return accepted.get(0);
        }
    }

    private final MessageSource messages;
    private final GrantedScopes grants;

    FailureExplainer(MessageSource messages, GrantedScopes grants) {
        this.messages = messages;
        this.grants = grants;
    }

    /**
     * A failure of a call on the authentication methods of a person whose profile was read. A 404 there is not a
     * deleted account: right after an account is created, that part of Graph answers 404 for a while although the
     * profile reads fine (docs/graph.md §6). A 403 is told apart with what TapDesk knows: the permissions granted with
     * the operator's token ({@link GrantedScopes}), the {@code wids} of their ID token and whether the person is
     * privileged. A permission not granted is named; for a person known not to be privileged, with the permission
     * granted and an ID token without the Authentication Administrator roles, Entra refused the operator's own rights
     * (a PIM activation that expired, a role removed). Otherwise as {@link #explain(GraphFailure, Operator)}.
     *
     * @param personPrivileged whether the person counts as privileged (true when that could not be told: fail closed)
     */
    public Problem explainPart(GraphFailure failure, Operator operator, Needs needs, boolean personPrivileged) {
        if (failure.kind() == GraphFailure.Kind.NOT_FOUND) {
            return explain(failure, "graph16.part-not-found");
        }
        if (failure.kind() == GraphFailure.Kind.ACCESS_DENIED && needs != null) {
            Optional<Set<String>> granted = grants.current();
            if (granted.isPresent() && needs.accepted.stream().noneMatch(granted.get()::contains)) {
                return explain(failure, "graph16.access-denied.permission", needs.permission());
            }
            if (granted.isPresent() && !personPrivileged && roleEnded(operator)) {
                return explain(failure, "graph16.access-denied.own-rights");
            }
        }
        return explain(failure, operator);
    }

    /**
     * The methods list refused while the pass list was read: the card shows the pass, and says which permission the
     * list needs (granted or not, from {@link GrantedScopes}).
     */
    public Problem explainMethodsRefused(GraphFailure failure, Operator operator, boolean personPrivileged) {
        Optional<Set<String>> granted = grants.current();
        if (granted.isPresent() && Needs.METHODS_READ.accepted.stream().noneMatch(granted.get()::contains)) {
            return explain(failure, "graph16.methods-refused.not-granted", Needs.METHODS_READ.permission());
        }
        if (granted.isPresent() && !personPrivileged && roleEnded(operator)) {
            return explain(failure, "graph16.methods-refused.own-rights", Needs.METHODS_READ.permission());
        }
        return explain(failure, "graph16.methods-refused", Needs.METHODS_READ.permission());
    }

    /**
     * Whether the operator's ID token ({@code wids}, current after a token refresh) names directory roles, but neither
     * Authentication Administrator nor Privileged Authentication Administrator: a PIM activation that ended, or a role
     * removed. With {@code wids} naming one of them, a 403 for a person who looks ordinary is about the person (a
     * restricted management administrative unit, docs/graph.md §4), so TapDesk does not blame the operator's rights;
     * without {@code wids} it cannot tell.
     */
    private static boolean roleEnded(Operator operator) {
        return operator.knowsDirectoryRoles() && !operator.isAuthenticationAdministrator()
                && !operator.isPrivilegedAuthenticationAdministrator();
    }

    private Problem explain(GraphFailure failure, String key, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return new Problem(status(failure),
                messages.getMessage(key + ".headline", args, locale),
                messages.getMessage(key + ".advice", args, locale),
                failure.code(), failure.requestId(), failure.clientRequestId());
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
