package io.tapdesk.graph;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * An app-only credential for reads the operator's own roles may not allow (the tenant policy). Optional: without
 * it TapDesk reads the policy with the operator's token and degrades when Entra refuses.
 *
 * @param tenantId            the tenant (directory) id
 * @param clientId            the app registration with application permission Policy.Read.AuthenticationMethod
 * @param clientSecret        its client secret (environment only), or
 * @param certificatePath     a PEM or PFX certificate with private key, outside the repository
 * @param certificatePassword the PFX password, if any
 */
@ConfigurationProperties("tapdesk.app-only")
public record AppOnlyProperties(String tenantId, String clientId, String clientSecret, String certificatePath,
                                String certificatePassword) {

    public boolean configured() {
        return notBlank(tenantId) && notBlank(clientId) && (notBlank(clientSecret) || notBlank(certificatePath));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
