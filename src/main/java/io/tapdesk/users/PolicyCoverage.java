package io.tapdesk.users;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.tapdesk.directory.Membership;
import io.tapdesk.directory.TapPolicy;

/**
 * Whether the tenant's Temporary Access Pass policy covers a person: its {@code includeTargets} name the person, one
 * of their groups or {@code all_users}, and its {@code excludeTargets} name neither the person nor one of their
 * groups. Graph's authenticationMethodTarget and excludeTarget carry an object id of a user or group
 * (learn.microsoft.com/graph/api/resources/authenticationmethodtarget); a person outside the targets gets a pass
 * Graph creates "disabled by policy", which cannot be used. Groups are the person's transitive memberships: Entra
 * does not document whether nested groups count, so an exclusion through a nested group counts (TapDesk refuses
 * rather than hand out a pass that may not work), and an inclusion through one counts too (Graph has the last word).
 */
public enum PolicyCoverage {
    /** Included and not excluded. */
    COVERED,
    /** Neither the person, nor one of their groups, nor all users is included. */
    NOT_INCLUDED,
    /** The person or one of their groups is excluded. */
    EXCLUDED,
    /** The policy or the memberships could not be read, and the targets name groups. */
    UNKNOWN;

    /** Entra's id for "all users" in a policy's include targets. */
    static final String ALL_USERS = "all_users";

    /**
     * @param policy      the tenant policy, or null when it could not be read
     * @param userId      the person's object id
     * @param memberships the person's transitive memberships, or a failed part
     */
    static PolicyCoverage of(TapPolicy policy, String userId, Part<List<Membership>> memberships) {
        if (policy == null) {
            return UNKNOWN;
        }
        Set<String> include = lower(policy.includeTargets());
        Set<String> exclude = lower(policy.excludeTargets());
        String person = userId.toLowerCase(Locale.ROOT);
        if (exclude.contains(person)) {
            return EXCLUDED;
        }
        boolean includedByName = include.contains(ALL_USERS) || include.contains(person);
        if (!memberships.ok()) {
            // without the groups only a policy that names no group can be judged
            return includedByName && exclude.isEmpty() ? COVERED : UNKNOWN;
        }
        Set<String> ids = new HashSet<>();
        ids.add(person);
        memberships.value().forEach(m -> ids.add(m.id().toLowerCase(Locale.ROOT)));
        if (exclude.stream().anyMatch(ids::contains)) {
            return EXCLUDED;
        }
        return includedByName || include.stream().anyMatch(ids::contains) ? COVERED : NOT_INCLUDED;
    }

    private static Set<String> lower(List<String> ids) {
        Set<String> out = new HashSet<>();
        ids.forEach(id -> out.add(id.toLowerCase(Locale.ROOT)));
        return out;
    }
}
