package io.tapdesk.handover;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * One hand-over as stored (table {@code hand_over}, V17): who receives the pass of which person, what pass, and where
 * it stands. Holds nothing secret: no pass (none exists before pickup), no link token (only its hash is stored).
 *
 * @param operatorRoles  the creating operator's app roles then; {@code operatorWids} their Entra directory roles then
 * @param recipientId    Entra object id of the recipient as read when it was made
 * @param lifetimeMinutes 1..43200
 * @param passStart      when the pass starts working, or null (at creation)
 * @param replacePassId  the working pass the agent confirmed replacing, or null
 * @param linkSendAt     new hires: when the link mail is planned; null for a service-desk hand-over
 * @param linkExpires    after this instant the link is refused
 * @param linkSentAt     when a link was last made and sent, or null
 * @param endReason      why it ended refused or failed (a message key), or null
 * @param approvalRequestId the approved request it came from (four eyes, V19), or null: only such a hand-over may
 *                       be picked up for a person who counts as privileged
 */
public record HandOver(long id, Kind kind, RecipientKind recipientKind, String recipientId, String recipientUpn,
                       String recipientName, String personId, String personUpn, String personName, String operatorId,
                       String operatorUpn, String operatorName, Set<String> operatorRoles, Set<String> operatorWids,
                       String ticket, int lifetimeMinutes, boolean oneTime,
                       Instant passStart, String replacePassId, Instant linkSendAt, Instant linkExpires,
                       Instant linkSentAt, String linkChannel, State state, String endReason, UUID callerCheckId,
                       UUID batchId, Instant created, Instant pickedUpAt, String pickedUpBy, Instant revokedAt,
                       String revokedBy, Long approvalRequestId) {

    /** Why it was made: a call to the service desk, or a new hire's first day. */
    public enum Kind {
        SERVICE_DESK, ONBOARDING;

        public String stored() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind of(String stored) {
            return valueOf(stored.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** Who receives the pass: the person's manager, or the person on a device where they are still signed in. */
    public enum RecipientKind {
        MANAGER, PERSON;

        public String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static RecipientKind of(String stored) {
            return valueOf(stored.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * scheduled (no link yet) → sent (a link exists) → picked-up (claimed by one pickup) → issued / unknown / failed /
     * refused; or revoked / expired before pickup.
     */
    public enum State {
        SCHEDULED, SENT, PICKED_UP, ISSUED, UNKNOWN, FAILED, REFUSED, REVOKED, EXPIRED;

        public String stored() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static State of(String stored) {
            return valueOf(stored.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** Not yet picked up, revoked or expired: a pickup (or a link) may still come. */
        public boolean open() {
            return this == SCHEDULED || this == SENT;
        }
    }

    /** Whether the link is past its expiry at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !linkExpires.isAfter(now);
    }
}
