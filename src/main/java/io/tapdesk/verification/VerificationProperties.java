package io.tapdesk.verification;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How fresh a check of the caller must be, and which tier each kind of request needs (docs/verification.md).
 *
 * @param lifetime   a check allows one action within this long after it was recorded (5 to 60 minutes)
 * @param ordinary   the tier a one-time, short pass for an ordinary person needs
 * @param multiUse   the tier a multi-use pass needs
 * @param longAbove  passes longer than this many minutes count as long
 * @param longPass   the tier a long pass needs
 * @param privileged the tier a pass for a privileged or protected person needs (or one whose privilege could not be
 *                   read: fail closed); the approval rules add a second person on top
 * @param recordedMethods the low-tier checks the card offers (callback, in-person, video); a call-back only for a
 *                        person with a number on file
 */
@Validated
@ConfigurationProperties("tapdesk.verification")
public record VerificationProperties(
        @NotNull @DefaultValue("15m") Duration lifetime,
        @NotNull @DefaultValue("LOW") CallerTier ordinary,
        @NotNull @DefaultValue("MEDIUM") CallerTier multiUse,
        @Min(10) @Max(43200) @DefaultValue("240") int longAbove,
        @NotNull @DefaultValue("MEDIUM") CallerTier longPass,
        @NotNull @DefaultValue("MEDIUM") CallerTier privileged,
        @NotNull @DefaultValue({"CALLBACK", "IN_PERSON", "VIDEO"}) List<CheckMethod> recordedMethods) {

    public VerificationProperties {
        if (lifetime != null && (lifetime.compareTo(Duration.ofMinutes(5)) < 0 || lifetime.compareTo(Duration.ofMinutes(60)) > 0)) {
            throw new IllegalArgumentException("tapdesk.verification.lifetime must be 5 to 60 minutes, not " + lifetime);
        }
        if (recordedMethods != null && recordedMethods.stream().anyMatch(m -> !m.recordedOnly())) {
            throw new IllegalArgumentException("tapdesk.verification.recorded-methods takes callback, in-person and video only,"
                    + " not " + recordedMethods);
        }
        recordedMethods = recordedMethods == null ? null : List.copyOf(recordedMethods);
    }
}
