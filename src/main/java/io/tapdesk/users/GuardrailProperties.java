package io.tapdesk.users;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param protectedGroups     object ids of groups whose members count as privileged (only TapDesk.Admin may serve them)
 * @param helpdeskMaxLifetime the longest pass, in minutes, a TapDesk.Helpdesk agent may issue; longer needs TapDesk.Admin
 * @param eligibilityChecks   read PIM eligibility (app-only, so {@code tapdesk.app-only.*} is then required at
 *                            start-up); false: privilege by eligibility is not checked, and the card says so
 */
@Validated
@ConfigurationProperties("tapdesk.guardrails")
public record GuardrailProperties(@DefaultValue List<String> protectedGroups,
                                  @Min(10) @Max(43200) @DefaultValue("240") int helpdeskMaxLifetime,
                                  @DefaultValue("true") boolean eligibilityChecks) {
}
