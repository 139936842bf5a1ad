package io.tapdesk.handover;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Hand-over (README "Hand-over: the pass never travels through the caller"), {@code tapdesk.handover.*}.
 *
 * @param linkExpires           a service-desk pickup link is refused after this long (1 minute to 24 hours)
 * @param onboardingLinkExpires a new hire's pickup link, from its sending (1 minute to 14 days)
 * @param privilegedAllowed     hand-over for a person who counts as privileged; even then only through an approval
 * @param requiredFor           rules that make hand-over required (the caller may not receive the pass):
 *                              {@code multi-use} (a pass usable more than once), {@code longer-than-minutes} with
 *                              {@link #longerThanMinutes}, {@code always}
 * @param longerThanMinutes     for the rule {@code longer-than-minutes}: passes living longer than this
 * @param teams                 also send the link as a Teams message from the operator's account when they are present
 */
@Validated
@ConfigurationProperties("tapdesk.handover")
public record HandOverProperties(
        @NotNull @DefaultValue("PT1H") Duration linkExpires,
        @NotNull @DefaultValue("PT24H") Duration onboardingLinkExpires,
        @DefaultValue("false") boolean privilegedAllowed,
        @NotNull @DefaultValue("") List<String> requiredFor,
        @DefaultValue("60") int longerThanMinutes,
        @DefaultValue("true") boolean teams) {

    public HandOverProperties {
        if (linkExpires != null && (linkExpires.compareTo(Duration.ofMinutes(1)) < 0
                || linkExpires.compareTo(Duration.ofHours(24)) > 0)) {
            throw new IllegalArgumentException("tapdesk.handover.link-expires must be 1 minute to 24 hours, not " + linkExpires);
        }
        if (onboardingLinkExpires != null && (onboardingLinkExpires.compareTo(Duration.ofMinutes(1)) < 0
                || onboardingLinkExpires.compareTo(Duration.ofDays(14)) > 0)) {
            throw new IllegalArgumentException("tapdesk.handover.onboarding-link-expires must be 1 minute to 14 days, not "
                    + onboardingLinkExpires);
        }
        requiredFor = requiredFor == null ? List.of()
                : requiredFor.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String rule : requiredFor) {
            if (!List.of("multi-use", "longer-than-minutes", "always").contains(rule)) {
                throw new IllegalArgumentException("tapdesk.handover.required-for: unknown rule " + rule
                        + " (multi-use, longer-than-minutes, always)");
            }
        }
    }

    /**
     * The rule that requires hand-over for this pass, or null when the caller may receive it.
     *
     * @return {@code multi-use}, {@code longer-than-minutes} or {@code always}
     */
    public String requiredBy(int lifetimeMinutes, boolean oneTime) {
        if (requiredFor.contains("always")) {
            return "always";
        }
        if (requiredFor.contains("multi-use") && !oneTime) {
            return "multi-use";
        }
        if (requiredFor.contains("longer-than-minutes") && lifetimeMinutes > longerThanMinutes) {
            return "longer-than-minutes";
        }
        return null;
    }
}
