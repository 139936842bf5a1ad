package io.tapdesk.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox and the notices it sends ({@code tapdesk.notices.*}, application.example.yml documents each).
 *
 * @param sender            the mailbox every message is sent from (address or object id); empty: nothing is queued
 * @param securityMailbox   an address that gets every notice too (optional)
 * @param languages         the languages of each notice, in order: one mail holds each text ({@code en}, {@code nl})
 * @param callTo            per language, what the notice says to call when the pass was not expected
 * @param pollingInterval   how often each instance looks for messages due (a new one is sent at once on its instance)
 * @param threads           messages an instance sends at a time
 * @param maxAttempts       attempts per message before it is dead (dead letters wait on /admin/outbox)
 * @param backOff           the wait after the first failed attempt; each further one waits {@code backOffRate} times longer
 * @param backOffRate       the growth of the wait per failed attempt
 * @param maxRetryAfter     the longest Graph's {@code Retry-After} may stretch a wait
 * @param heartbeatInterval how often an instance says it is still sending (an execution of a dead instance is picked up again)
 * @param shutdownWait      how long a stopping instance waits for the sends under way
 * @param pageDays          the days of messages /admin/outbox lists
 */
@Validated
@ConfigurationProperties("tapdesk.notices")
public record OutboxProperties(
        String sender,
        String securityMailbox,
        @NotNull @DefaultValue({"en", "nl"}) List<String> languages,
        Map<String, String> callTo,
        @NotNull @DefaultValue("10s") Duration pollingInterval,
        @Min(1) @DefaultValue("2") int threads,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("30s") Duration backOff,
        @DecimalMin("1.0") @DefaultValue("2.0") double backOffRate,
        @NotNull @DefaultValue("1h") Duration maxRetryAfter,
        @NotNull @DefaultValue("1m") Duration heartbeatInterval,
        @NotNull @DefaultValue("10s") Duration shutdownWait,
        @Min(1) @DefaultValue("14") int pageDays) {

    public OutboxProperties {
        callTo = callTo == null ? Map.of() : Map.copyOf(callTo);
        languages = List.copyOf(languages);
    }

    /** Whether a sender mailbox is configured: without one, nothing is queued. */
    public boolean enabled() {
        return sender != null && !sender.isBlank();
    }

    public boolean hasSecurityMailbox() {
        return securityMailbox != null && !securityMailbox.isBlank();
    }
}
