package io.tapdesk.verification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A "Get verified" session (table {@code verified_id_session}, V15): started by an operator for a person; the caller
 * types its code on the public page, which creates the presentation request; the callbacks move it on.
 *
 * @param state   started, requested, retrieved, verified, failed or expired (as stored)
 * @param failure why it failed (a word), or null
 * @param score   Face Check's match confidence (0-100), or null
 */
public record VerifiedIdSession(UUID id, String operatorId, String operatorUpn, String operatorName, String personId,
                                String personUpn, String personName, String requestId, String state, String failure,
                                BigDecimal score, UUID callerCheckId, Instant created, Instant expires, Instant consumed) {

    /** Whether it can still change: not verified, failed or expired. */
    public boolean open() {
        return state.equals("started") || state.equals("requested") || state.equals("retrieved");
    }

    /** The state the card shows at {@code now}: an open session past TapDesk's expiry is expired. */
    public String shownState(Instant now) {
        return open() && !now.isBefore(expires) ? "expired" : state;
    }
}
