package io.tapdesk.passes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapdesk.audit.AuditLog;
import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.Manager;
import io.tapdesk.outbox.Message;
import io.tapdesk.outbox.Outbox;
import io.tapdesk.outbox.OutboxProperties;
import io.tapdesk.users.CardFacts;
import io.tapdesk.web.TapDeskProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What a notice says after a pass was issued, replaced or revoked (or may have been issued), and to whom: the person
 * (their {@code mail}), their manager, and {@code tapdesk.notices.security-mailbox} when set, since whoever got the
 * pass may read the person's own mail. One mail per action, in every language of {@code tapdesk.notices.languages}.
 * Never the pass value, nor its id.
 *
 * <p>A notice never stands in the way of the pass: a failure to queue one is logged (ERROR) and counted
 * ({@code tapdesk.notices.not.queued}), and the action's page shows as always.
 */
@Component
class PassNotices {

    private static final Logger log = LoggerFactory.getLogger(PassNotices.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    /** Between the texts of two languages in one mail. */
    static final String LANGUAGE_BREAK = "\n\n----------\n\n";

    private final Outbox outbox;
    private final OutboxProperties properties;
    private final MessageSource messages;
    private final ZoneId zone;
    private final Clock clock;
    private final Counter notQueued;

    PassNotices(Outbox outbox, OutboxProperties properties, MessageSource messages, TapDeskProperties tapdesk, Clock clock,
                MeterRegistry meters) {
        this.outbox = outbox;
        this.properties = properties;
        this.messages = messages;
        this.zone = tapdesk.defaultTimeZone();
        this.clock = clock;
        this.notQueued = Counter.builder("tapdesk.notices.not.queued")
                .description("Notices after a pass that could not be queued (the pass itself was not affected)")
                .register(meters);
    }

    /** After a create that made a pass; {@code replaced}: the person had a working pass, which it replaced. */
    void issued(AuditLog.Context context, UUID actionId, CardFacts facts, boolean replaced) {
        queue(replaced ? Message.Kind.NOTICE_REPLACE : Message.Kind.NOTICE_ISSUE, context, actionId, facts.user(),
                () -> manager(facts));
    }

    /** After a create whose outcome is unknown: a pass may exist. */
    void unknown(AuditLog.Context context, UUID actionId, CardFacts facts) {
        queue(Message.Kind.NOTICE_UNKNOWN, context, actionId, facts.user(), () -> manager(facts));
    }

    /** After a revoke that removed the pass; {@code manager} is read only when notices are on. */
    void revoked(AuditLog.Context context, UUID actionId, DirectoryUser user, Supplier<Optional<Manager>> manager) {
        queue(Message.Kind.NOTICE_REVOKE, context, actionId, user, manager);
    }

    private void queue(Message.Kind kind, AuditLog.Context context, UUID actionId, DirectoryUser user,
                       Supplier<Optional<Manager>> manager) {
        if (!outbox.enabled()) {
            return;
        }
        try {
            List<String> to = recipients(user, manager);
            if (to.isEmpty()) {
                log.warn("No notice for user {} after action {}: no address for the person, their manager or security",
                        user.id(), actionId);
                return;
            }
            outbox.enqueue(message(kind, context, actionId, user, to, clock.instant()));
        } catch (RuntimeException e) {
            notQueued.increment();
            log.error("Notice for user {} after action {} not queued", user.id(), actionId, e);
        }
    }

    Message message(Message.Kind kind, AuditLog.Context context, UUID actionId, DirectoryUser user, List<String> to,
                    Instant at) {
        String key = switch (kind) {
            case NOTICE_ISSUE -> "notice.issue";
            case NOTICE_REPLACE -> "notice.replace";
            case NOTICE_REVOKE -> "notice.revoke";
            case NOTICE_UNKNOWN -> "notice.unknown";
            case ALERT, PICKUP_LINK -> throw new IllegalArgumentException("not a notice");
        };
        String when = TIME.format(at.atZone(ZoneOffset.UTC)) + " UTC"
                + (zone.normalized().equals(ZoneOffset.UTC) ? "" : " (" + TIME.format(at.atZone(zone)) + " " + zone.getId() + ")");
        String operator = context.operator() == null || context.operator().name() == null ? "-" : context.operator().name();
        String ticket = context.ticket() == null || context.ticket().isBlank() ? "-" : context.ticket();
        List<String> subjects = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (String language : properties.languages()) {
            Locale locale = Locale.forLanguageTag(language);
            String callTo = properties.callTo().getOrDefault(language,
                    messages.getMessage("notice.call-to.default", null, locale));
            subjects.add(messages.getMessage(key + ".subject", new Object[]{user.userPrincipalName()}, locale));
            bodies.add(messages.getMessage(key + ".body",
                    new Object[]{user.userPrincipalName(), operator, when, ticket, callTo}, locale)
                    + "\n\n" + messages.getMessage("notice.footer", null, locale));
        }
        return new Message(kind, to, String.join(" / ", subjects), String.join(LANGUAGE_BREAK, bodies),
                String.join(",", properties.languages()), actionId, user.id());
    }

    private List<String> recipients(DirectoryUser user, Supplier<Optional<Manager>> manager) {
        Set<String> to = new LinkedHashSet<>();
        add(to, user.mail());
        manager.get().map(Manager::mail).ifPresent(mail -> add(to, mail));
        if (properties.hasSecurityMailbox()) {
            add(to, properties.securityMailbox());
        }
        return List.copyOf(to);
    }

    private static void add(Set<String> to, String address) {
        if (address != null && !address.isBlank()
                && to.stream().noneMatch(a -> a.equalsIgnoreCase(address.trim()))) {
            to.add(address.trim());
        }
    }

    private static Optional<Manager> manager(CardFacts facts) {
        return facts.manager() != null && facts.manager().ok() ? facts.manager().value() : Optional.empty();
    }
}
