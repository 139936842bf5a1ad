package io.tapdesk.verifiedid;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * "Get verified" with Microsoft Entra Verified ID and Face Check (issue 18; docs/verifiedid.md). Off unless
 * {@code authority} is set and an app-only credential exists (tapdesk.app-only.*).
 *
 * @param baseUrl                  the Request Service, {@code https://verifiedid.did.msidentity.com} (the stand-in in tests)
 * @param authority                the tenant's Verified ID authority (a DID, e.g. {@code did:web:verifiedid.contoso.com}):
 *                                 TapDesk asks as this verifier and accepts {@code VerifiedEmployee} credentials issued
 *                                 by it only
 * @param clientName               what Authenticator shows as the verifier's name
 * @param matchConfidenceThreshold Face Check's threshold, 50 to 100 (Microsoft's default 70)
 * @param lifetime                 TapDesk's own expiry of a session, from the card's start (2 to 30 minutes): a callback
 *                                 after it is refused, whatever the service says
 * @param people                   whose card offers it: UPN domains ({@code contoso.com}), or {@code *} for everyone;
 *                                 empty: nobody
 * @param timeout                  connect and read timeout of one call to the Request Service
 * @param codeAttemptsPerMinute    codes the public page takes per client address per minute (20 times that in all)
 * @param callbacksPerMinute       callbacks accepted per minute in all
 */
@Validated
@ConfigurationProperties("tapdesk.verified-id")
public record VerifiedIdProperties(
        @NotNull @DefaultValue("https://verifiedid.did.msidentity.com") URI baseUrl,
        String authority,
        @NotNull @DefaultValue("TapDesk service desk") String clientName,
        @Min(50) @Max(100) @DefaultValue("70") int matchConfidenceThreshold,
        @NotNull @DefaultValue("10m") Duration lifetime,
        @NotNull @DefaultValue List<String> people,
        @NotNull @DefaultValue("10s") Duration timeout,
        @Min(1) @Max(1000) @DefaultValue("10") int codeAttemptsPerMinute,
        @Min(10) @Max(100000) @DefaultValue("600") int callbacksPerMinute) {

    /** The resource's app id: the scope of the app-only token, and its audience. */
    public static final String RESOURCE = "3db474b9-6a0c-4840-96ac-1fceb342124f";
    /** The client-credentials scope of the Request Service. */
    public static final String SCOPE = RESOURCE + "/.default";
    /** The application permission the token's {@code roles} must hold. */
    public static final String ROLE = "VerifiableCredential.Create.PresentRequest";

    public VerifiedIdProperties {
        if (lifetime.compareTo(Duration.ofMinutes(2)) < 0 || lifetime.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("tapdesk.verified-id.lifetime must be 2 to 30 minutes");
        }
    }

    /** Whether an authority is set (the credential is checked where it is used). */
    public boolean configured() {
        return authority != null && !authority.isBlank();
    }

    /** Whether the configuration offers it for a person with this user principal name (fail closed: no UPN, no). */
    public boolean allows(String userPrincipalName) {
        if (!configured() || userPrincipalName == null || userPrincipalName.indexOf('@') < 1) {
            return false;
        }
        String domain = userPrincipalName.substring(userPrincipalName.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return people.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).anyMatch(p -> p.equals("*") || p.equals(domain));
    }
}
