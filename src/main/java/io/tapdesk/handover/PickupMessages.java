package io.tapdesk.handover;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tapdesk.directory.Manager;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.graph.ManagerMessages;
import io.tapdesk.outbox.Message;
import io.tapdesk.outbox.Outbox;
import io.tapdesk.outbox.OutboxProperties;
import io.tapdesk.web.TapDeskProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The message that carries a pickup link: who the pass is for, who asked, the ticket, the pass, the link and until when
 * it works. Never anything secret (no pass exists yet). Mail goes through the outbox, app-only from
 * {@code tapdesk.notices.sender} ({@link #mail}); a Teams message goes from the operator's own account while they are
 * present ({@link #teams}; a scheduled send cannot: app-only chat messages are for migrations only).
 */
@Component
public class PickupMessages {

    private static final Logger log = LoggerFactory.getLogger(PickupMessages.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final String LANGUAGE_BREAK = "\n\n----------\n\n";

    private final Outbox outbox;
    private final OutboxProperties outboxProperties;
    private final ManagerMessages managerMessages;
    private final MessageSource messages;
    private final ZoneId zone;

    PickupMessages(Outbox outbox, OutboxProperties outboxProperties, ManagerMessages managerMessages,
                   MessageSource messages, TapDeskProperties tapdesk) {
        this.outbox = outbox;
        this.outboxProperties = outboxProperties;
        this.managerMessages = managerMessages;
        this.messages = messages;
        this.zone = tapdesk.defaultTimeZone();
    }

    /** Whether a link can go by mail at all (the outbox has a sender). */
    public boolean mailEnabled() {
        return outbox.enabled();
    }

    /**
     * Queues the link mail to {@code address} (the recipient's mail, read when sending) through the outbox. The stored
     * body holds {@link Message#PICKUP_LINK_PLACEHOLDER}: the outbox makes the link when it sends.
     *
     * @return the outbox message's id
     * @throws IllegalStateException when the outbox has no sender; {@code DataAccessException} when it cannot queue
     */
    public long mail(HandOver handOver, String address) {
        PickupLink link = new PickupLink(Message.PICKUP_LINK_PLACEHOLDER, handOver.linkExpires());
        List<String> subjects = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (String language : outboxProperties.languages()) {
            Locale locale = Locale.forLanguageTag(language);
            subjects.add(subject(handOver, locale));
            bodies.add(body(handOver, link, locale));
        }
        return outbox.enqueue(new Message(Message.Kind.PICKUP_LINK, List.of(address), String.join(" / ", subjects),
                String.join(LANGUAGE_BREAK, bodies), String.join(",", outboxProperties.languages()), null,
                handOver.personId(), handOver.id()));
    }

    /**
     * Sends the link as a Teams one-to-one message from the operator's account ({@code token}), in the first language
     * of {@code tapdesk.notices.languages}. Never falls back to the operator's mail (the outbox mails the link).
     *
     * @return true when Graph took it; false when Teams refused or failed (logged, never thrown)
     */
    public boolean teams(GraphToken token, String operatorId, HandOver handOver, PickupLink link) {
        Locale locale = Locale.forLanguageTag(outboxProperties.languages().isEmpty() ? "en" : outboxProperties.languages().get(0));
        String escapedUrl = HtmlUtils.htmlEscape(link.url());
        String html = "<p>" + HtmlUtils.htmlEscape(body(handOver, link, locale)).replace("\n", "<br>")
                .replace(escapedUrl, "<a href=\"" + escapedUrl + "\">" + escapedUrl + "</a>") + "</p>";
        Manager to = new Manager(handOver.recipientId(), handOver.recipientName(), null, true);
        try {
            managerMessages.send(token, operatorId, to, new ManagerMessages.Question(subject(handOver, locale), html), true);
            return true;
        } catch (GraphFailure failure) {
            // Teams refused (no licence, chat off) or the mail fallback had no address: the outbox's mail carries it
            log.info("Pickup link of hand-over {} not sent by Teams: {}", handOver.id(), failure.getMessage());
            return false;
        }
    }

    private String subject(HandOver handOver, Locale locale) {
        return messages.getMessage("handover.link.subject", new Object[]{name(handOver)}, locale);
    }

    String body(HandOver handOver, PickupLink link, Locale locale) {
        String pass = messages.getMessage("handover.link.pass", new Object[]{handOver.lifetimeMinutes(),
                messages.getMessage(handOver.oneTime() ? "caller.check.one-time" : "caller.check.multi-use", null, locale)},
                locale);
        String start = handOver.passStart() == null ? "" : " " + messages.getMessage("handover.link.starts",
                new Object[]{when(handOver.passStart())}, locale);
        String key = handOver.recipientKind() == HandOver.RecipientKind.MANAGER ? "handover.link.body.manager"
                : "handover.link.body.person";
        return messages.getMessage(key, new Object[]{name(handOver), value(handOver.operatorName()),
                value(handOver.ticket()), pass + start, link.url(), when(link.expires())}, locale)
                + "\n\n" + messages.getMessage("handover.link.footer", null, locale);
    }

    private String when(Instant at) {
        return TIME.format(at.atZone(ZoneOffset.UTC)) + " UTC"
                + (zone.normalized().equals(ZoneOffset.UTC) ? "" : " (" + TIME.format(at.atZone(zone)) + " " + zone.getId() + ")");
    }

    private static String name(HandOver handOver) {
        String name = value(handOver.personName());
        return handOver.personUpn() == null ? name : name + " (" + handOver.personUpn() + ")";
    }

    private static String value(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
