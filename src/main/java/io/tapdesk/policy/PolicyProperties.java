package io.tapdesk.policy;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param cacheTtl          how long a read of the tenant's pass policy is used (one Graph call per TTL)
 * @param failureCacheTtl   how long a failed read is remembered before trying again (at most {@code cacheTtl})
 */
@Validated
@ConfigurationProperties("tapdesk.policy")
public record PolicyProperties(@NotNull @DefaultValue("5m") Duration cacheTtl,
                               @NotNull @DefaultValue("30s") Duration failureCacheTtl) {
}
