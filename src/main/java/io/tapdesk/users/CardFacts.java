package io.tapdesk.users;

import java.util.List;
import java.util.Optional;

import io.tapdesk.directory.AuthMethod;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Manager;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.policy.TenantPolicy;

/**
 * Everything the user card and the guardrails know about a person, read concurrently.
 *
 * @param privilege always present: a read behind it that failed is in {@link Privilege#unread()}, and makes the
 *                  person count as privileged
 * @param coverage  whether the tenant's pass policy targets this person (from the policy and the memberships)
 */
public record CardFacts(DirectoryUser user, Part<PassStatus> pass, Part<List<AuthMethod>> methods,
                        Part<Optional<Manager>> manager, Privilege privilege, TenantPolicy.Reading policy,
                        PolicyCoverage coverage) {

    /** The current pass, or "none" when it could not be read. */
    public PassStatus currentPass() {
        return pass.ok() ? pass.value() : PassStatus.none();
    }
}
