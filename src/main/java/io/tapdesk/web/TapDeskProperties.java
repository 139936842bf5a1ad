package io.tapdesk.web;

import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultTimeZone the time zone pages use until the operator picks one
 */
@Validated
@ConfigurationProperties("tapdesk")
public record TapDeskProperties(@NotNull @DefaultValue("UTC") ZoneId defaultTimeZone) {
}
