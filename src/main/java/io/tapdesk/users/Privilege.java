package io.tapdesk.users;

import java.util.List;

/**
 * Why a person counts as privileged: active directory roles, role-assignable groups, and groups the tenant marked
 * as protected ({@code tapdesk.guardrails.protected-groups}). Roles only eligible through PIM do not show here.
 */
public record Privilege(List<String> directoryRoles, List<String> roleAssignableGroups, List<String> protectedGroups) {

    public Privilege {
        directoryRoles = List.copyOf(directoryRoles);
        roleAssignableGroups = List.copyOf(roleAssignableGroups);
        protectedGroups = List.copyOf(protectedGroups);
    }

    public static Privilege none() {
        return new Privilege(List.of(), List.of(), List.of());
    }

    public boolean privileged() {
        return !directoryRoles.isEmpty() || !roleAssignableGroups.isEmpty() || !protectedGroups.isEmpty();
    }
}
