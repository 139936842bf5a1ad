package io.tapdesk.verification;

import java.time.Duration;

import jakarta.validation.constraints.Min;
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
 * @param asksPerHour           questions one operator may send to managers per hour, on every instance together: each
 *                              is a message from the operator's own account, so a script (or a stuck agent) must not
 *                              turn "Ask the manager" into a way to flood managers' Teams or mailboxes
 */
@Validated
@ConfigurationProperties("tapdesk.verification")
public record ConfirmationProperties(
        @NotNull @DefaultValue("30m") Duration confirmationExpires,
        @NotNull @DefaultValue("teams") Channel managerChannel,
        @NotNull @DefaultValue("10s") Duration confirmationPollEvery,
        @Min(1) @DefaultValue("10") int asksPerHour) {

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
