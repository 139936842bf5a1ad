package io.tapdesk.onboarding;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * New hires' passes on day one ({@code tapdesk.onboarding.*}, README "New hires: their pass on day one").
 *
 * @param enabled                 whether the "Starting soon" page and its batches are on
 * @param daysAhead               how many days ahead the page looks for hire dates (from now)
 * @param zone                    the zone a hire date's local start day is read in, when the person's usage location
 *                                maps to none; required when {@code enabled} (no default in production: a wrong zone
 *                                moves every start by hours)
 * @param zonesByUsageLocation    ISO country code (Graph's {@code usageLocation}, e.g. {@code NL}) to zone id
 * @param passStartHour           the local hour (0–23) on the start day from which the pass works
 * @param linkHour                the local hour (0–23) the pickup link mail goes to the manager
 * @param linkDaysBefore          how many days before the start day the link mail goes (how long a sent link works
 *                                is {@code tapdesk.handover.onboarding-link-expires}, 24 hours by default)
 * @param methodsBatchSpacing     the wait between two {@code $batch} reads of sign-in methods (Graph's throttling of
 *                                authentication methods); also the least wait after an inner 429
 * @param methodsMaxRetryAfter    the longest an inner 429's {@code Retry-After} is waited for before "cannot tell"
 */
@Validated
@ConfigurationProperties("tapdesk.onboarding")
public record OnboardingProperties(
        @DefaultValue("false") boolean enabled,
        @Min(1) @Max(90) @DefaultValue("14") int daysAhead,
        String zone,
        Map<String, String> zonesByUsageLocation,
        @Min(0) @Max(23) @DefaultValue("8") int passStartHour,
        @Min(0) @Max(23) @DefaultValue("16") int linkHour,
        @Min(0) @Max(30) @DefaultValue("1") int linkDaysBefore,
        @NotNull @DefaultValue("1s") Duration methodsBatchSpacing,
        @NotNull @DefaultValue("30s") Duration methodsMaxRetryAfter) {

    public OnboardingProperties {
        zonesByUsageLocation = zonesByUsageLocation == null ? Map.of() : Map.copyOf(zonesByUsageLocation);
        if (enabled && (zone == null || zone.isBlank())) {
            throw new IllegalStateException("tapdesk.onboarding.enabled is true, but tapdesk.onboarding.zone is not set: "
                    + "the local start day of a hire date needs a zone (e.g. Europe/Amsterdam); README \"New hires\"");
        }
        // fail at start-up on a zone id Java does not know, not at the first batch
        if (zone != null && !zone.isBlank()) {
            ZoneId.of(zone);
        }
        zonesByUsageLocation.values().forEach(ZoneId::of);
    }

    /** The zone for a person with {@code usageLocation} (may be null): the mapped one, else {@link #zone}. */
    public ZoneId zoneFor(String usageLocation) {
        String mapped = usageLocation == null ? null : zonesByUsageLocation.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(usageLocation.strip())).map(Map.Entry::getValue).findFirst().orElse(null);
        return ZoneId.of(Optional.ofNullable(mapped).orElse(zone == null || zone.isBlank() ? "UTC" : zone));
    }

    /** The upper-case country codes that have a zone of their own. */
    public java.util.Set<String> mappedLocations() {
        return zonesByUsageLocation.keySet().stream().map(k -> k.toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
