package io.tapdesk.verification;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The manager's confirmation (README "Ask the manager").
 *
 * @param confirmationExpires a question not answered within this long is refused (1 minute to 24 hours)
 * @param managerChannel      {@code teams}: a Teams chat from the operator's account, mail when Teams refuses;
 *                            {@code mail}: always mail from the operator's mailbox
 * @param confirmationPollEvery how often the card asks whether the manager answered (it never extends the sign-in)
 */
@Validated
@ConfigurationProperties("tapdesk.verification")
public record ConfirmationProperties(
        @NotNull @DefaultValue("30m") Duration confirmationExpires,
        @NotNull @DefaultValue("teams") Channel managerChannel,
        @NotNull @DefaultValue("10s") Duration confirmationPollEvery) {

    /** How the question goes out first. */
    public enum Channel { TEAMS, MAIL }

    public ConfirmationProperties {
        if (confirmationExpires != null && (confirmationExpires.compareTo(Duration.ofMinutes(1)) < 0
                || confirmationExpires.compareTo(Duration.ofHours(24)) > 0)) {
            throw new IllegalArgumentException("tapdesk.verification.confirmation-expires must be 1 minute to 24 hours, not "
                    + confirmationExpires);
        }
    }
}
