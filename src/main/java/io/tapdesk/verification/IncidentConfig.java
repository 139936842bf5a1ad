package io.tapdesk.verification;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tapdesk.outbox.Message;
import io.tapdesk.outbox.Outbox;
import io.tapdesk.outbox.OutboxProperties;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Approvers hear of each incident: a message for {@code tapdesk.verification.incident-mailbox} through the outbox
 * (who reported whom, the agent and ticket of the request, when, until when; in every notice language), sent from the
 * notices' sender mailbox. Without a sender the banner on the approvals queue is the only alert, and the log says so.
 */
@Configuration(proxyBeanMethods = false)
class IncidentConfig {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Bean
    IncidentAlerts incidentAlerts(Outbox outbox, OutboxProperties notices, MessageSource messages) {
        return (fence, mailbox) -> {
            if (!outbox.enabled()) {
                LoggerFactory.getLogger(IncidentAlerts.class).warn(
                        "Incident {} not mailed to {}: no tapdesk.notices.sender (the approvals queue shows it)", fence.id(), mailbox);
                return;
            }
            Object[] args = {fence.person().name(), fence.person().upn(), fence.reportedBy().name(), fence.reportedBy().upn(),
                    fence.askedBy() == null ? "-" : fence.askedBy().upn(), fence.ticket() == null ? "-" : fence.ticket(),
                    TIME.format(fence.created().atZone(ZoneOffset.UTC)) + " UTC",
                    TIME.format(fence.untilShown().atZone(ZoneOffset.UTC)) + " UTC"};
            List<String> subjects = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            for (String language : notices.languages()) {
                Locale locale = Locale.forLanguageTag(language);
                subjects.add(messages.getMessage("incident.alert.subject", args, locale));
                bodies.add(messages.getMessage("incident.alert.body", args, locale));
            }
            outbox.enqueue(new Message(Message.Kind.ALERT, List.of(mailbox), String.join(" / ", subjects),
                    String.join("\n\n----\n\n", bodies), String.join(",", notices.languages()), null, fence.person().id()));
        };
    }
}
