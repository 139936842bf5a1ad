package io.tapdesk.directory;

import java.util.List;

/**
 * The tenant's Temporary Access Pass policy (docs/graph.md §1).
 *
 * @param usableOnceOnly true: every pass is one-time; false: the issuer chooses
 */
public record TapPolicy(boolean enabled, int defaultLifetime, int minimumLifetime, int maximumLifetime, int length,
                        boolean usableOnceOnly, List<String> includeTargets, List<String> excludeTargets) {

    public TapPolicy {
        includeTargets = includeTargets == null ? List.of() : List.copyOf(includeTargets);
        excludeTargets = excludeTargets == null ? List.of() : List.copyOf(excludeTargets);
    }

    public boolean allowsLifetime(int minutes) {
        return minutes >= minimumLifetime && minutes <= maximumLifetime;
    }
}
