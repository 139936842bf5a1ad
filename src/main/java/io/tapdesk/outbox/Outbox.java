package io.tapdesk.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox every feature sends through: a message is a row in PostgreSQL and a job that sends it (in one
 * transaction), retried and, when it cannot be sent, kept as a dead letter on /admin/outbox. Sent app-only from
 * {@code tapdesk.notices.sender}; without one, nothing is queued ({@link #enabled()}).
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** The most rows /admin/outbox lists. */
    static final int PAGE_LIMIT = 500;

    private final OutboxStore store;
    private final OutboxScheduler scheduler;
    private final OutboxProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Outbox(OutboxStore store, OutboxScheduler scheduler, OutboxProperties properties, TransactionTemplate transactions,
           Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Whether messages are sent at all (a sender mailbox is configured). */
    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Queues {@code message}: its row and its job, committed together.
     *
     * @return the message's id
     * @throws IllegalStateException when notices are off ({@link #enabled()} false)
     * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot take it (nothing is queued)
     */
    public long enqueue(Message message) {
        if (!enabled()) {
            throw new IllegalStateException("notices are off: no tapdesk.notices.sender");
        }
        Long id = transactions.execute(status -> {
            long row = store.insert(message, clock.instant());
            scheduler.schedule(row);
            return row;
        });
        log.info("Outbox message {} queued ({}, {} recipients)", id, message.kind().code(), message.recipients().size());
        return id;
    }

    /** The messages of the last {@code tapdesk.notices.page-days} days: dead letters first, then the newest first. */
    public List<OutboxRow> recent() {
        return store.since(clock.instant().minus(Duration.ofDays(properties.pageDays())), PAGE_LIMIT);
    }

    public int pageDays() {
        return properties.pageDays();
    }

    /**
     * Queues dead letter {@code id} again, with a new job (its attempts so far stay counted on the row).
     *
     * @return false when there is no dead letter {@code id} (sent, still queued, or unknown), or notices are off
     */
    public boolean sendAgain(long id, String byOperator) {
        if (!enabled()) {
            return false;
        }
        Boolean again = transactions.execute(status -> {
            if (!store.requeue(id)) {
                return false;
            }
            scheduler.schedule(id);
            return true;
        });
        if (Boolean.TRUE.equals(again)) {
            log.info("Outbox message {} queued again by operator {}", id, byOperator);
        }
        return Boolean.TRUE.equals(again);
    }
}
