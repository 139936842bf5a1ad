package io.tapdesk.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.tapdesk.directory.Manager;
import io.tapdesk.graph.ManagerMessages;
import io.tapdesk.handover.HandOver;
import io.tapdesk.handover.HandOvers;
import io.tapdesk.outbox.Jobs;
import io.tapdesk.outbox.Message;
import io.tapdesk.outbox.Outbox;
import io.tapdesk.outbox.OutboxProperties;
import io.tapdesk.web.DisplayTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The new hire's link mail at its time: one db-scheduler one-time execution per hand-over (task {@value #TASK},
 * instance = the hand-over's id, at its link send time), run by the outbox's scheduler (the task is a bean it picks up).
 * At its time it reads the manager again app-only and queues the mail through the outbox with a placeholder for the
 * link: the outbox makes the link when it sends ({@link HandOvers#newLink}; none when the hand-over was revoked or
 * expired meanwhile, then nothing is sent) — never Teams: app-only chat messages are for migrations only. The mail holds the link, never a pass (none exists yet).
 */
@Component
public class PickupLinkJob {

    static final String TASK = "pickup-link";
    private static final Logger log = LoggerFactory.getLogger(PickupLinkJob.class);

    /** The task bean; its work is looked up at run time, so the outbox's scheduler does not depend on onboarding's beans. */
    @Configuration(proxyBeanMethods = false)
    static class TaskConfig {
        @Bean
        OneTimeTask<Void> pickupLinkTask(ObjectProvider<PickupLinkJob> job) {
            return Tasks.oneTime(TASK).execute((instance, context) -> job.getObject().send(Long.parseLong(instance.getId())));
        }
    }

    private final HandOvers handOvers;
    private final ManagerMessages managers;
    private final Outbox outbox;
    private final OutboxProperties outboxProperties;
    private final Jobs jobs;
    private final OneTimeTask<Void> task;
    private final MessageSource messages;
    private final DisplayTime displayTime;
    private final OnboardingProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    PickupLinkJob(HandOvers handOvers, ManagerMessages managers, Outbox outbox, OutboxProperties outboxProperties, Jobs jobs,
                  OneTimeTask<Void> pickupLinkTask, MessageSource messages, DisplayTime displayTime, OnboardingProperties properties, Clock clock,
                  TransactionTemplate transactions) {
        this.transactions = transactions;
        this.properties = properties;
        this.handOvers = handOvers;
        this.managers = managers;
        this.outbox = outbox;
        this.outboxProperties = outboxProperties;
        this.jobs = jobs;
        this.task = pickupLinkTask;
        this.messages = messages;
        this.displayTime = displayTime;
        this.clock = clock;
    }

    /** Schedules the link mail of hand-over {@code handOverId} at {@code at}. */
    void schedule(long handOverId, Instant at) {
        jobs.schedule(instance(handOverId), at);
    }

    TaskInstance<Void> instance(long handOverId) {
        return task.instance(Long.toString(handOverId));
    }

    /** What a run did. */
    enum Sent { SENT, NOT_OPEN, MANAGER_CHANGED, NO_MAIL }

    /**
     * Sends the link of hand-over {@code handOverId} now (the task's body; tests call it directly).
     *
     * @return {@code NOT_OPEN} also when the link was sent already (a second run mails nothing)
     * @throws RuntimeException when Graph or PostgreSQL fails: db-scheduler tries again later (the failed attempt's
     *                          link, mail and state are rolled back together: the next attempt makes a new one)
     */
    Sent send(long handOverId) {
        Optional<HandOver> found = handOvers.find(handOverId);
        if (found.isEmpty() || !found.get().state().open()) {
            log.info("Hand-over {} no longer scheduled: no link sent", handOverId);
            return Sent.NOT_OPEN;
        }
        HandOver handOver = found.get();
        if (handOver.expiredAt(clock.instant())) {
            // a send that kept failing until its link would have expired: stop trying (db-scheduler retries failures)
            handOvers.expire(handOverId, clock.instant());
            log.warn("Hand-over {}: its link expired before it could be sent", handOverId);
            return Sent.NOT_OPEN;
        }
        // the manager read again app-only: a new manager (or none) since the batch gets nothing; the pickup checks again
        Optional<Manager> manager = managers.managerAppOnly(handOver.personId());
        if (manager.isEmpty() || !manager.get().askable() || !manager.get().id().equalsIgnoreCase(handOver.recipientId())) {
            log.warn("Hand-over {}: the manager of {} changed since it was scheduled; revoked, no link sent",
                    handOverId, handOver.personId());
            handOvers.revoke(handOverId, "onboarding: manager changed", clock.instant());
            return Sent.MANAGER_CHANGED;
        }
        String mail = manager.get().mail();
        if (mail == null || mail.isBlank()) {
            log.warn("Hand-over {}: the manager has no mail address; revoked, no link sent", handOverId);
            handOvers.revoke(handOverId, "onboarding: manager has no mail", clock.instant());
            return Sent.NO_MAIL;
        }
        // "sent" and the mail (with a placeholder: the outbox makes the link when it sends, HandOvers.newLink) in one
        // transaction: a run that fails leaves the hand-over scheduled, and a second run (db-scheduler's dead-execution
        // retry, another instance) finds it sent and mails nothing: the manager gets one link
        Sent sent = transactions.execute(status -> {
            if (!handOvers.queued(handOverId)) {
                return Sent.NOT_OPEN;
            }
            outbox.enqueue(message(handOver, mail));
            handOvers.markSent(handOverId, clock.instant(), "mail");
            return Sent.SENT;
        });
        log.info("Hand-over {}: {}", handOverId, sent == Sent.SENT ? "pickup link queued for the manager"
                : "no link queued (queued already or closed)");
        return sent;
    }

    private Message message(HandOver handOver, String mail) {
        // the configured zone (the hand-over keeps no zone); DisplayTime adds UTC beside it
        ZoneId zone = properties.zoneFor(null);
        List<String> subjects = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (String language : outboxProperties.languages()) {
            Locale locale = Locale.forLanguageTag(language);
            subjects.add(messages.getMessage("onboarding.mail.subject", new Object[] {handOver.personName()}, locale));
            // dates in the mail's own language (walk finding 14: the Dutch mail showed English day names)
            Instant opens = handOvers.pickupWindow().opensAt(handOver);
            bodies.add(messages.getMessage("onboarding.mail.body", new Object[] {handOver.personName(),
                    handOver.personUpn(), displayTime.both(handOver.passStart(), zone, locale),
                    Message.PICKUP_LINK_PLACEHOLDER, displayTime.both(handOver.linkExpires(), zone, locale),
                    displayTime.both(opens == null ? handOver.passStart() : opens, zone, locale)}, locale));
        }
        return new Message(Message.Kind.PICKUP_LINK, List.of(mail), String.join(" / ", subjects),
                String.join("\n\n----------\n\n", bodies), String.join(",", outboxProperties.languages()), null,
                handOver.personId(), handOver.id());
    }
}
