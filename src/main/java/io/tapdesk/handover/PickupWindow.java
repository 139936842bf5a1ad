package io.tapdesk.handover;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a new hire's pickup link starts to work ({@code tapdesk.onboarding.pickup-opens-before-start}, README "New
 * hires"): a link sent the day before must not let the manager make the pass that evening and carry it overnight, so
 * the pickup is refused (not claimed: the link stays usable) until this long before the pass's start. One hour by
 * default: long enough for a manager who arrives before the new colleague, short enough that the pass is made on the
 * start day itself. (The local day's 00:00 would let a pass be made at midnight and sit with the manager for hours.)
 * A service-desk hand-over opens at once.
 *
 * @param pickupOpensBeforeStart 0 to 24 hours before the pass's start
 * @param zone                   {@code tapdesk.onboarding.zone}: the zone the pickup page says the opening in (the
 *                               hand-over keeps no zone of its own; the link mail uses the same), UTC when unset
 */
@Validated
@ConfigurationProperties("tapdesk.onboarding")
public record PickupWindow(@NotNull @DefaultValue("PT1H") Duration pickupOpensBeforeStart, String zone) {

    public PickupWindow {
        if (pickupOpensBeforeStart != null && (pickupOpensBeforeStart.isNegative()
                || pickupOpensBeforeStart.compareTo(Duration.ofHours(24)) > 0)) {
            throw new IllegalArgumentException("tapdesk.onboarding.pickup-opens-before-start must be 0 to 24 hours, not "
                    + pickupOpensBeforeStart);
        }
    }

    /** From when {@code h} may be picked up: a new hire's pass start minus the setting; null when at once. */
    public Instant opensAt(HandOver h) {
        return h.kind() == HandOver.Kind.ONBOARDING && h.passStart() != null ? opensAt(h.passStart()) : null;
    }

    /** From when a new hire's link for a pass starting at {@code passStart} may be picked up. */
    public Instant opensAt(Instant passStart) {
        return passStart.minus(pickupOpensBeforeStart);
    }

    /** The zone a new hire's times are said in on the pickup page. */
    public ZoneId zoneId() {
        return zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone.strip());
    }

    /** Whether {@code h} may not be picked up yet at {@code now}. */
    public boolean tooEarly(HandOver h, Instant now) {
        Instant opens = opensAt(h);
        return opens != null && now.isBefore(opens);
    }
}
