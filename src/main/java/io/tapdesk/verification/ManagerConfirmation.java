package io.tapdesk.verification;

import java.time.Instant;
import java.util.UUID;

import io.tapdesk.security.Operator;

/**
 * One question to a person's manager (table {@code manager_confirmation}, V13): who asked, about whom, for what, whom
 * it went to and how, and the answer. The link's token is not here (only its hash is stored); the {@code code} is
 * not secret: the agent and the manager compare it.
 *
 * @param state   {@code asked}, {@code confirmed}, {@code not-right} or {@code expired} as stored; see {@link #shownState}
 * @param channel {@code chat} or {@code mail}
 */
public record ManagerConfirmation(UUID id, String code, String operatorId, String operatorUpn, String operatorName,
                                  String personId, String personUpn, String personName, String ticket,
                                  int lifetimeMinutes, boolean oneTime, String managerId, String managerName,
                                  String channel, String state, String answeredBy, Instant answeredAt, String howKnown,
                                  Instant created, Instant expires) {

    public static final String ASKED = "asked";
    public static final String CONFIRMED = "confirmed";
    public static final String NOT_RIGHT = "not-right";
    public static final String EXPIRED = "expired";

    /** The state as of {@code now}: a question still asked after its expiry shows as expired. */
    public String shownState(Instant now) {
        return ASKED.equals(state) && !now.isBefore(expires) ? EXPIRED : state;
    }

    /** The operator as they were when they asked: the check the manager's answer records is bound to them. */
    public Operator operatorAsStored() {
        return new Operator(operatorId, operatorName, operatorUpn, java.util.Set.of(), java.util.Set.of());
    }
}
