package io.tapdesk.directory;

import java.util.List;

/**
 * A person in the directory, as the search list and the user card show them.
 *
 * @param onPremisesSyncEnabled true: synced from on-premises AD; false: was synced, now cloud; null: cloud-only
 */
public record DirectoryUser(
        String id,
        String displayName,
        String userPrincipalName,
        String mail,
        boolean accountEnabled,
        String userType,
        String creationType,
        String externalUserState,
        String jobTitle,
        String department,
        String mobilePhone,
        List<String> businessPhones,
        Boolean onPremisesSyncEnabled) {

    public enum Sync { ON_PREMISES, NO_LONGER_SYNCED, CLOUD_ONLY }

    public DirectoryUser {
        businessPhones = businessPhones == null ? List.of() : List.copyOf(businessPhones);
    }

    /** A minimal person, as search results carry them. */
    public static DirectoryUser basic(String id, String displayName, String upn, String mail, boolean enabled, String userType) {
        return new DirectoryUser(id, displayName, upn, mail, enabled, userType, null, null, null, null, null, List.of(), null);
    }

    public boolean guest() {
        return "Guest".equalsIgnoreCase(userType);
    }

    /**
     * External (B2B) guests sign in at their own organisation and cannot get a pass; {@code userType} alone does not
     * tell: invited guests carry {@code creationType} "Invitation" or an {@code externalUserState} (docs/graph.md §3).
     */
    public boolean externalGuest() {
        return guest() && ("Invitation".equalsIgnoreCase(creationType) || (externalUserState != null && !externalUserState.isBlank()));
    }

    public boolean internalGuest() {
        return guest() && !externalGuest();
    }

    public Sync sync() {
        if (onPremisesSyncEnabled == null) {
            return Sync.CLOUD_ONLY;
        }
        return onPremisesSyncEnabled ? Sync.ON_PREMISES : Sync.NO_LONGER_SYNCED;
    }
}
