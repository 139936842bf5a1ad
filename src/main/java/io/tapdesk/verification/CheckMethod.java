package io.tapdesk.verification;

import java.util.Arrays;
import java.util.Optional;

/** How the caller was checked, and the tier that earns. */
public enum CheckMethod {
    /** The agent called back a number on file (the profile's mobile or business phone), recorded with the number. */
    CALLBACK("callback", CallerTier.LOW),
    /** The person stood at the desk; the agent says what they checked. */
    IN_PERSON("in-person", CallerTier.LOW),
    /** A video call; the agent says what they checked. */
    VIDEO("video", CallerTier.LOW),
    /** The person's manager, signed in with their own Entra account, confirmed it is them. */
    MANAGER("manager", CallerTier.MEDIUM),
    /** A Verified ID presentation with Face Check (a later issue). */
    VERIFIED_ID("verified-id", CallerTier.HIGH);

    private final String stored;
    private final CallerTier tier;

    CheckMethod(String stored, CallerTier tier) {
        this.stored = stored;
        this.tier = tier;
    }

    /** The word in column {@code caller_check.method}, in the audit row and in message keys ({@code caller.method.*}). */
    public String stored() {
        return stored;
    }

    public CallerTier tier() {
        return tier;
    }

    /** Whether the agent records it alone (the low tier): the card offers these. */
    public boolean recordedOnly() {
        return tier == CallerTier.LOW;
    }

    public static Optional<CheckMethod> fromStored(String word) {
        return Arrays.stream(values()).filter(m -> m.stored.equals(word)).findFirst();
    }
}
