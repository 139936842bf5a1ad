package io.tapdesk.verification;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default {@link IncidentAlerts}: no sender yet, so the banner on the approvals queue is the only alert. */
@Configuration(proxyBeanMethods = false)
class IncidentConfig {

    @Bean
    @ConditionalOnMissingBean
    IncidentAlerts incidentAlerts() {
        // TODO(lead, after merging notices17): an IncidentAlerts that calls Outbox.enqueue(...) for the mailbox
        return (fence, mailbox) -> LoggerFactory.getLogger(IncidentAlerts.class)
                .info("Incident {} not mailed to {}: no sender is connected yet (the approvals queue shows it)",
                        fence.id(), mailbox);
    }
}
