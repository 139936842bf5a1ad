package io.tapdesk.limits;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param perOperatorPerHour passes one operator may issue per hour
 * @param perPersonPerDay    passes one person may receive per day
 */
@Validated
@ConfigurationProperties("tapdesk.limits")
public record LimitProperties(@Min(1) @DefaultValue("20") int perOperatorPerHour,
                              @Min(1) @DefaultValue("3") int perPersonPerDay) {
}
