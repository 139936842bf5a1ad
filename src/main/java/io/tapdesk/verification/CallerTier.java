package io.tapdesk.verification;

import java.util.Locale;

/**
 * How much a check of the caller proves, in order: recorded-only checks (the agent says what they did) are LOW, a
 * confirmation by the person's manager through their own Entra sign-in is MEDIUM, Verified ID with Face Check is HIGH.
 */
public enum CallerTier {
    LOW, MEDIUM, HIGH;

    /** The word in column {@code caller_check.tier} and in message keys ({@code caller.tier.low}). */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(CallerTier other) {
        return compareTo(other) >= 0;
    }

    static CallerTier fromStored(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
