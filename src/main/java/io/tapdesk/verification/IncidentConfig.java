package io.tapdesk.verification;

import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default {@link IncidentAlerts}: no sender yet, so the banner on the approvals queue is the only alert.
 * CONNECT HERE after merging notices17: return an implementation that calls {@code Outbox.enqueue(...)} for the mailbox
 * (verification may use the outbox package): replace this method rather than adding a second bean of the type.
 */
@Configuration(proxyBeanMethods = false)
class IncidentConfig {

    @Bean
    IncidentAlerts incidentAlerts() {
        return (fence, mailbox) -> LoggerFactory.getLogger(IncidentAlerts.class)
                .info("Incident {} not mailed to {}: no sender is connected yet (the approvals queue shows it)",
                        fence.id(), mailbox);
    }
}
