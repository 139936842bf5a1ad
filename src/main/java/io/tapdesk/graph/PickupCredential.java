package io.tapdesk.graph;

import com.azure.core.credential.TokenCredential;

/**
 * The credential of the pickup's own app registration (issue 19, docs/handover.md): it holds only the application
 * permission {@code UserAuthMethod-TAP.ReadWrite.All} and a certificate, so no other app-only read TapDesk makes
 * (policy, eligibility, mail) can create a pass. Its own type, so it is never injected where the
 * {@code tapdesk.app-only} credential is; only {@link PickupGraph} uses it (ArchitectureTest).
 */
public record PickupCredential(TokenCredential credential) {

    @Override
    public String toString() {
        return "PickupCredential[hidden]";
    }
}
