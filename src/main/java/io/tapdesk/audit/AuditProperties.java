package io.tapdesk.audit;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param key                  the HMAC key of the chain's head (TAPDESK_AUDIT_KEY; at least 32 characters; environment only)
 * @param unknownAfter         an intent with no outcome after this long shows as "outcome unknown"
 * @param ticketPattern        what a ticket reference must look like (a regular expression, whole match)
 * @param verificationMethods  how the caller may be verified (message keys verification.&lt;value&gt;)
 * @param pageSize             rows per audit page
 */
@Validated
@ConfigurationProperties("tapdesk.audit")
public record AuditProperties(
        @NotBlank @Size(min = 32, message = "TAPDESK_AUDIT_KEY must be at least 32 characters") String key,
        @NotNull @DefaultValue("5m") Duration unknownAfter,
        @NotBlank @DefaultValue("[A-Z][A-Z0-9]{1,9}-[0-9]{1,10}") String ticketPattern,
        @NotEmpty @DefaultValue({"callback", "manager", "in-person", "video"}) List<String> verificationMethods,
        @DefaultValue("50") int pageSize) {
}
