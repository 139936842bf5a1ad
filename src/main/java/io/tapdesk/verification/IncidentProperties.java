package io.tapdesk.verification;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What an incident ("This is not right") does, under {@code tapdesk.verification} (the caller checks' own settings
 * share the prefix and are bound elsewhere).
 *
 * @param fenceFor         how long a fenced person gets no new pass, from the report (unless an Admin lifts it first)
 * @param incidentMailbox  the Approvers' mailbox that hears of each incident when a sender is configured
 *                         ({@link IncidentAlerts}); blank: the banner on the approvals queue only
 * @param bannerDays       how many days an incident stays on the Approvers' banner after its fence ended or was lifted
 */
@Validated
@ConfigurationProperties("tapdesk.verification")
public record IncidentProperties(@NotNull @DefaultValue("24h") Duration fenceFor,
                                 @DefaultValue("") String incidentMailbox,
                                 @DefaultValue("7") int bannerDays) {

    public IncidentProperties {
        if (fenceFor.isNegative() || fenceFor.isZero()) {
            throw new IllegalArgumentException("tapdesk.verification.fence-for must be positive, not " + fenceFor);
        }
        if (bannerDays < 0) {
            throw new IllegalArgumentException("tapdesk.verification.banner-days may not be negative");
        }
    }
}
