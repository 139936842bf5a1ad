package io.tapdesk.directory;

import java.time.Instant;

/**
 * A person whose {@code employeeHireDate} lies ahead, as Graph's user list answers it (issue 19).
 *
 * @param id            object id
 * @param hireDate      {@code employeeHireDate}: Graph stores it in UTC; the local day is TapDesk's to compute
 * @param usageLocation ISO country code, or null
 * @param manager       the expanded manager, or null when there is none
 */
public record NewHire(String id, String displayName, String userPrincipalName, String mail, Instant hireDate,
                      String usageLocation, boolean accountEnabled, Manager manager) {
}
