package io.tapdesk.limits;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param perOperatorPerHour passes one operator may issue per hour
 * @param perPersonPerDay    passes one person may receive per day
 * @param lockWait           how long an issue or revoke waits for another one for the same person before it answers
 *                           "busy" (see {@link PersonLock})
 * @param lockLease          how long the database keeps a person's lock for an instance that stops answering (frozen,
 *                           cut off); a live holder renews it every third of this, however long Graph takes
 * @param lockPoolSize       connections kept apart for the locks, so waiting issues never take the audit trail's
 *                           connections; this many issues for different people can run at once per instance
 */
@Validated
@ConfigurationProperties("tapdesk.limits")
public record LimitProperties(@Min(1) @DefaultValue("20") int perOperatorPerHour,
                              @Min(1) @DefaultValue("3") int perPersonPerDay,
                              @NotNull @DefaultValue("10s") Duration lockWait,
                              @NotNull @DefaultValue("30s") Duration lockLease,
                              @Min(1) @Max(100) @DefaultValue("10") int lockPoolSize) {
}
