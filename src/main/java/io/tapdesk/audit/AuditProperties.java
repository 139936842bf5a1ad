package io.tapdesk.audit;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param key                  the audit key (TAPDESK_AUDIT_KEY): base64 of at least 32 random bytes, environment only;
 *                             signs new rows and the head ({@link AuditKeys}, docs/audit.md §3)
 * @param oldKeys              earlier keys (TAPDESK_AUDIT_OLD_KEYS, comma-separated): verify the rows they signed, never
 *                             sign; a pre-upgrade or example key is allowed here only
 * @param headLogEvery         the head is written to the log (logger {@code tapdesk.audit.head}) every this many appends
 *                             and at shutdown (docs/audit.md §5)
 * @param unknownAfter         an intent with no outcome after this long shows as "outcome unknown"
 * @param ticketPattern        what a ticket reference must look like (a regular expression, whole match); the default
 *                             takes the common service-desk forms: INC0012345, RITM0012345, INC-12345, #12345
 * @param ticketExamples       the forms {@code ticketPattern} accepts, in words for the form's hint and its error
 *                             (change both together)
 * @param pageSize             rows per audit page
 * @param headLockWait         how long an append waits for the head's lock (appends take milliseconds; a lock held
 *                             longer is someone else's, and the append fails as unavailable rather than hang)
 */
@Validated
@ConfigurationProperties("tapdesk.audit")
public record AuditProperties(
        @NotBlank(message = "TAPDESK_AUDIT_KEY is not set. " + AuditKeys.HOW) String key,
        @DefaultValue({}) List<String> oldKeys,
        @Min(1) @DefaultValue("100") int headLogEvery,
        @NotNull @DefaultValue("5m") Duration unknownAfter,
        @NotBlank @DefaultValue("[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,12}|[A-Za-z]{2,10}[0-9]{1,12}|#[0-9]{1,12}") String ticketPattern,
        @DefaultValue("50") int pageSize,
        @NotNull @DefaultValue("5s") Duration headLockWait,
        @NotBlank @DefaultValue("INC0012345, RITM0012345, INC-12345, #12345") String ticketExamples) {
}
