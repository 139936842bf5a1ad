package io.tapdesk.graph;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pickup's own app registration (issue 19): the only credential TapDesk holds that can create a pass without an
 * operator. It has exactly one application permission, {@code UserAuthMethod-TAP.ReadWrite.All}, and authenticates
 * with a certificate (no client secret: a secret is a string anyone who reads the environment can reuse).
 *
 * @param tenantId            the tenant (directory) id
 * @param clientId            the pickup registration's application (client) id; never the one of
 *                            {@code tapdesk.app-only} or of the operators' sign-in
 * @param certificatePath     a PEM (certificate and private key) or PFX file, outside the repository
 * @param certificatePassword the PFX password (environment only), if any
 */
@ConfigurationProperties("tapdesk.pickup")
public record PickupProperties(String tenantId, String clientId, String certificatePath, String certificatePassword) {

    /** Whether any of the three required settings is given: then all must be (a half-configured pickup fails start). */
    public boolean attempted() {
        return notBlank(tenantId) || notBlank(clientId) || notBlank(certificatePath);
    }

    /** The names of the required settings left empty, e.g. {@code [tapdesk.pickup.certificate-path]}. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!notBlank(tenantId)) {
            missing.add("tapdesk.pickup.tenant-id");
        }
        if (!notBlank(clientId)) {
            missing.add("tapdesk.pickup.client-id");
        }
        if (!notBlank(certificatePath)) {
            missing.add("tapdesk.pickup.certificate-path");
        }
        return missing;
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "PickupProperties[tenantId=" + tenantId + ", clientId=" + clientId + ", certificatePath=" + certificatePath
                + ", certificatePassword=" + (certificatePassword == null ? "none" : "hidden") + "]";
    }
}
