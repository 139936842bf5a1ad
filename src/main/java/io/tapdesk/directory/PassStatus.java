package io.tapdesk.directory;

import java.time.Duration;
import java.time.Instant;

/**
 * A person's current pass as Graph reports it, without its value (Graph never returns it after the create).
 *
 * @param passId the pass's id, needed to revoke it; null when there is none
 * @param state  what the pass can do now
 * @param start  when it becomes usable
 * @param expires start + lifetime (Graph has no expiry field)
 */
public record PassStatus(String passId, State state, Instant start, Instant expires, int lifetimeMinutes,
                         boolean usableOnce, Instant created, String reason) {

    public enum State { NONE, USABLE, NOT_YET_VALID, EXPIRED, USED, DISABLED_BY_POLICY, UNKNOWN }

    public static PassStatus none() {
        return new PassStatus(null, State.NONE, null, null, 0, false, null, "");
    }

    public static PassStatus of(String passId, String reason, Instant start, Integer lifetimeMinutes,
                                Boolean usableOnce, Instant created) {
        int lifetime = lifetimeMinutes == null ? 0 : lifetimeMinutes;
        Instant expires = start == null ? null : start.plus(Duration.ofMinutes(lifetime));
        return new PassStatus(passId, state(reason), start, expires, lifetime, Boolean.TRUE.equals(usableOnce),
                created, reason == null ? "" : reason);
    }

    private static State state(String reason) {
        if (reason == null) {
            return State.UNKNOWN;
        }
        return switch (reason) {
            case "EnabledByPolicy" -> State.USABLE;
            case "NotYetValid" -> State.NOT_YET_VALID;
            case "Expired" -> State.EXPIRED;
            case "OneTimeUsed" -> State.USED;
            case "DisabledByPolicy" -> State.DISABLED_BY_POLICY;
            default -> State.UNKNOWN;
        };
    }

    /** A pass that works now or will: replacing it takes an explicit yes. */
    public boolean live() {
        return state == State.USABLE || state == State.NOT_YET_VALID;
    }

    /**
     * A pass that works, will, or whose state Graph reports in words TapDesk does not know: replacing it takes an
     * explicit yes too (fail closed).
     */
    public boolean mayWork() {
        return live() || state == State.UNKNOWN;
    }

    public boolean exists() {
        return state != State.NONE;
    }
}
