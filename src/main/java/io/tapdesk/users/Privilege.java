package io.tapdesk.users;

import java.util.List;

import io.tapdesk.web.Problem;

/**
 * Why a person counts as privileged, from four reads (docs/graph.md §9): active directory roles, role-assignable
 * groups and groups the tenant marked as protected ({@code tapdesk.guardrails.protected-groups}), all from the
 * transitive memberships; the directory roles and groups they are eligible for through PIM; and the
 * role-assignable groups they own. A read that failed is {@link #unread() unread}: then TapDesk cannot tell, and the
 * person {@link #countsAsPrivileged() counts as privileged} (fail closed).
 *
 * @param eligibleRoles    directory roles the person may activate through PIM
 * @param eligibleMemberOf groups the person may join through PIM for Groups
 * @param eligibleOwnerOf  groups the person may become owner of through PIM for Groups
 * @param ownerOf          role-assignable groups the person owns
 * @param eligibility      whether PIM eligibility was read, and what the tenant answered
 * @param unread           the reads that failed, each with the problem to show
 */
public record Privilege(List<String> directoryRoles, List<String> roleAssignableGroups, List<String> protectedGroups,
                        List<String> eligibleRoles, List<String> eligibleMemberOf, List<String> eligibleOwnerOf,
                        List<String> ownerOf, Eligibility eligibility, List<Unread> unread) {

    /** What TapDesk knows about PIM eligibility. */
    public enum Eligibility {
        /** Read: the lists say what PIM has. */
        CHECKED,
        /** The tenant has no PIM licence, so nobody can be eligible. */
        NO_PIM_LICENCE,
        /** Switched off ({@code tapdesk.guardrails.eligibility-checks: false}): eligibility is not looked at. */
        NOT_CHECKED
    }

    /** The four reads behind the verdict (message keys {@code card.privilege.read.*}). */
    public enum Read { MEMBERSHIPS, ELIGIBLE_ROLES, ELIGIBLE_GROUPS, OWNED_GROUPS }

    /** A read that failed, and why. */
    public record Unread(Read read, Problem problem) {

        /** The message key naming what could not be read. */
        public String key() {
            return "card.privilege.read." + read.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Privilege {
        directoryRoles = List.copyOf(directoryRoles);
        roleAssignableGroups = List.copyOf(roleAssignableGroups);
        protectedGroups = List.copyOf(protectedGroups);
        eligibleRoles = List.copyOf(eligibleRoles);
        eligibleMemberOf = List.copyOf(eligibleMemberOf);
        eligibleOwnerOf = List.copyOf(eligibleOwnerOf);
        ownerOf = List.copyOf(ownerOf);
        unread = List.copyOf(unread);
    }

    public static Privilege none() {
        return new Privilege(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                Eligibility.CHECKED, List.of());
    }

    /** The message key of what the card says about PIM eligibility. */
    public String eligibilityKey() {
        return "card.privilege.eligibility." + eligibility.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Something privileged was found (whatever else could not be read). */
    public boolean privileged() {
        return !directoryRoles.isEmpty() || !roleAssignableGroups.isEmpty() || !protectedGroups.isEmpty()
                || !eligibleRoles.isEmpty() || !eligibleMemberOf.isEmpty() || !eligibleOwnerOf.isEmpty()
                || !ownerOf.isEmpty();
    }

    /** A read failed: TapDesk cannot tell whether this person is privileged. */
    public boolean unknown() {
        return !unread.isEmpty();
    }

    /** What the rules go by: privileged, or not known not to be (fail closed). */
    public boolean countsAsPrivileged() {
        return privileged() || unknown();
    }
}
