package io.tapdesk.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.springframework.stereotype.Component;

/**
 * The job library for other packages: a package above the outbox contributes its db-scheduler task as a bean (the
 * outbox's scheduler runs every {@code Task} bean) and schedules its instances here, so jobs run on the same
 * scheduler, table ({@code scheduled_tasks}) and instances as the outbox's sends. Runs only when notices are on.
 */
@Component
public class Jobs {

    private final OutboxScheduler scheduler;
    private final OutboxProperties properties;
    private final Clock clock;

    Jobs(OutboxScheduler scheduler, OutboxProperties properties, Clock clock) {
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether jobs run at all: the scheduler runs only with a sender mailbox ({@code tapdesk.notices.sender}). */
    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Schedules {@code instance} (of a task bean) to run at {@code at}, an instant of the business clock (the app's
     * {@link Clock}; now or earlier: at the next poll); one execution per task name and instance id. db-scheduler runs
     * on system time, so the instant is moved by the difference between the two (none in production; the tests run the
     * business clock at other instants, README "Tests at any instant").
     *
     * @throws IllegalStateException when jobs are off ({@link #enabled()} false)
     * @throws RuntimeException      db-scheduler's, when PostgreSQL cannot take it
     */
    public <T> void schedule(TaskInstance<T> instance, Instant at) {
        scheduler.scheduleAt(instance, at.plus(Duration.between(clock.instant(), Instant.now())));
    }
}
