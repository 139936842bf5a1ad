package io.tapdesk.audit;

import java.time.Clock;
import java.util.UUID;

import io.tapdesk.security.Operator;
import org.springframework.stereotype.Service;

/**
 * What TapDesk records, in its own words. An action that calls Graph writes an intent row before the call and an
 * outcome row after it, sharing an action id; refusals and exports are single rows. Never the pass value.
 */
@Service
public class AuditLog {

    /** Who and about whom, with the caller check; the fields every row of one action repeats. */
    public record Context(Operator operator, String targetId, String targetUpn, String ticket, String verificationMethod,
                          String verificationNote, String clientAddress) {
    }

    /** The pass settings an issue recorded. */
    public record Settings(Integer lifetimeMinutes, Boolean oneTime, java.time.Instant start) {

        public static final Settings NONE = new Settings(null, null, null);
    }

    /** An action under way: its outcome row shares the intent's id. */
    public final class Action {
        private final UUID id;
        private final AuditAction kind;
        private final Context context;
        private final Settings settings;

        private Action(UUID id, AuditAction kind, Context context, Settings settings) {
            this.id = id;
            this.kind = kind;
            this.context = context;
            this.settings = settings;
        }

        public UUID id() {
            return id;
        }

        /** Records the outcome; never throws (the intent row already shows the action, "outcome unknown" if need be). */
        public boolean outcome(AuditOutcome outcome, String graphRequestId, String detail) {
            try {
                trail.append(entry(id, kind, "outcome", outcome, context, settings, graphRequestId, detail));
                return true;
            } catch (AuditUnavailable e) {
                org.slf4j.LoggerFactory.getLogger(AuditLog.class)
                        .error("Audit outcome of action {} ({}) could not be written", id, outcome, e);
                return false;
            }
        }
    }

    private final AuditTrail trail;
    private final Clock clock;

    AuditLog(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** Writes the intent row; throws {@link AuditUnavailable} when it cannot, and then Graph must not be called. */
    public Action intend(AuditAction kind, Context context, Settings settings) {
        UUID id = UUID.randomUUID();
        trail.append(entry(id, kind, "intent", AuditOutcome.PENDING, context, settings, null, null));
        return new Action(id, kind, context, settings);
    }

    /** A single-row event: a refusal, an export. */
    public void event(AuditAction kind, AuditOutcome outcome, Context context, String detail) {
        trail.append(entry(UUID.randomUUID(), kind, "event", outcome, context, Settings.NONE, null, detail));
    }

    /**
     * A single-row event that must not undo what already happened (a refusal still stands, an issued pass stays
     * issued); never throws. False when the row could not be written.
     */
    public boolean eventIfPossible(AuditAction kind, AuditOutcome outcome, Context context, String detail) {
        try {
            event(kind, outcome, context, detail);
            return true;
        } catch (AuditUnavailable e) {
            org.slf4j.LoggerFactory.getLogger(AuditLog.class)
                    .error("Audit event {} ({}) could not be written: {}", kind, outcome, detail, e);
            return false;
        }
    }

    private AuditEntry entry(UUID id, AuditAction kind, String phase, AuditOutcome outcome, Context c, Settings s,
                             String graphRequestId, String detail) {
        return new AuditEntry(clock.instant(), id, kind.stored(), phase, outcome.stored(), c.operator().objectId(), c.operator().username(),
                c.targetId(), c.targetUpn(), c.ticket(), c.verificationMethod(), c.verificationNote(),
                s.lifetimeMinutes(), s.oneTime(), s.start(), graphRequestId, c.clientAddress(), detail);
    }
}
