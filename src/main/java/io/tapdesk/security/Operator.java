package io.tapdesk.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in staff member as TapDesk sees them: Entra object id, names, app roles and,
 * when the ID token carries them, the Entra directory roles ({@code wids}).
 */
public record Operator(String objectId, String name, String username, Set<String> appRoles, Set<String> directoryRoles) {

    public static Operator from(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
            return new Operator("", "", "", Set.of(), Set.of());
        }
        Set<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(Roles.PREFIX))
                .map(a -> a.substring(Roles.PREFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
        return new Operator(
                nonNull(user.getClaimAsString("oid")),
                nonNull(user.getClaimAsString("name")),
                nonNull(user.getClaimAsString("preferred_username")),
                roles,
                Set.copyOf(strings(user.getClaims().get("wids"))));
    }

    public boolean has(String appRole) {
        return appRoles.contains(appRole);
    }

    public boolean canSearch() {
        return has(Roles.HELPDESK) || has(Roles.ADMIN);
    }

    /** Privileged people, multi-use passes and long lifetimes: TapDesk.Admin only. */
    public boolean canServePrivileged() {
        return has(Roles.ADMIN);
    }

    public boolean canRevoke() {
        return has(Roles.ADMIN);
    }

    public boolean hasAnyRole() {
        return !appRoles.isEmpty();
    }

    /** Whether the ID token told us the directory roles at all (Entra adds {@code wids} only when configured). */
    public boolean knowsDirectoryRoles() {
        return !directoryRoles.isEmpty();
    }

    public boolean isPrivilegedAuthenticationAdministrator() {
        return directoryRoles.contains(Roles.ENTRA_PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);
    }

    public boolean isAuthenticationAdministrator() {
        return directoryRoles.contains(Roles.ENTRA_AUTHENTICATION_ADMINISTRATOR);
    }

    static List<String> strings(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
