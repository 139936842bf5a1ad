package io.tapdesk.outbox;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.tapdesk.graph.GraphFailure;
import io.tapdesk.graph.GraphMail;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * The outbox's jobs on db-scheduler (its core library, wired here rather than through its Boot starter): one one-time
 * execution per message in {@code scheduled_tasks} (V12), picked by exactly one instance (db-scheduler's conditional
 * update), retried with exponential back-off ({@code tapdesk.notices.back-off}, {@code back-off-rate}, at least
 * Graph's {@code Retry-After} up to {@code max-retry-after}) for at most {@code max-attempts}, then dead.
 *
 * <p>Started after Flyway (a {@link SmartLifecycle} starts once every bean, the migrations included, is ready),
 * stopped at shutdown, waiting {@code shutdown-wait} for the sends under way. Runs only when a sender is configured;
 * a sender without an app-only credential stops TapDesk at start-up (notices that never leave are worse than none).
 */
@Component
class OutboxScheduler implements SmartLifecycle {

    static final String TASK = "outbox-send";

    private final OneTimeTask<Void> task;
    /** The outbox's own task, then the tasks other packages contribute as beans (onboarding's pickup-link). */
    private final java.util.List<Task<?>> tasks;
    private final DataSource dataSource;
    private final OutboxProperties properties;
    /** Schedules while no scheduler runs (before start, between a stop and a start). */
    private final SchedulerClient client;
    /** The running scheduler; a new one each start: a stopped db-scheduler cannot start again (its pools are gone). */
    private volatile Scheduler scheduler;
    private volatile boolean running;

    OutboxScheduler(DataSource dataSource, OutboxProperties properties, OutboxSending sending, GraphMail mail,
                    org.springframework.beans.factory.ObjectProvider<Task<?>> contributed) {
        if (properties.enabled() && !mail.configured()) {
            throw new IllegalStateException("tapdesk.notices.sender is set, but no app-only credential is configured "
                    + "(tapdesk.app-only.*): notices are sent app-only. Configure the credential, or leave the sender empty "
                    + "to send no notices (README \"Notices after every pass\")");
        }
        this.task = task(properties, sending);
        java.util.List<Task<?>> all = new java.util.ArrayList<>();
        all.add(task);
        // beans of other packages (a package above the outbox hands its job down; the outbox never names it)
        contributed.orderedStream().forEach(all::add);
        this.tasks = java.util.List.copyOf(all);
        this.dataSource = dataSource;
        this.properties = properties;
        this.client = properties.enabled()
                ? SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), tasks).build() : null;
    }

    /** The send job: a one-time task whose instance id is the message's id. */
    static OneTimeTask<Void> task(OutboxProperties properties, OutboxSending sending) {
        return Tasks.oneTime(TASK)
                // MaxRetries counts failures: with max-attempts A it lets A - 1 failures be retried
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(properties.maxAttempts() - 1, new BackOff(properties),
                        (complete, operations) -> sending.giveUp(id(complete),
                                complete.getExecution().consecutiveFailures + 1)))
                .execute((instance, context) -> sending.send(Long.parseLong(instance.getId())));
    }

    /**
     * A scheduler on {@code dataSource}. Through a transaction-aware proxy, a message scheduled inside a Spring
     * transaction (the outbox row's) is committed with it, or not at all.
     */
    static Scheduler scheduler(DataSource dataSource, OutboxProperties properties, OneTimeTask<Void> task) {
        return scheduler(dataSource, properties, java.util.List.of(task));
    }

    static Scheduler scheduler(DataSource dataSource, OutboxProperties properties, java.util.List<Task<?>> tasks) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .heartbeatInterval(properties.heartbeatInterval())
                .shutdownMaxWait(properties.shutdownWait())
                // a message queued on this instance is sent without waiting for the next poll
                .enableImmediateExecution()
                // the failure's own words (status, code, request ids): never a stack trace of a body
                .failureLogging(LogLevel.WARN, false)
                .build();
    }

    /** Schedules message {@code id} now; inside the caller's transaction when there is one. */
    void schedule(long id) {
        if (client == null) {
            throw new IllegalStateException("notices are off: no tapdesk.notices.sender");
        }
        Scheduler running = scheduler;
        // the running scheduler sends a message queued here at once; the client leaves it for the next poll
        (running != null ? running : client).schedule(task.instance(Long.toString(id)), Instant.now());
    }

    /**
     * Schedules {@code instance} of a contributed task at {@code at}; inside the caller's transaction when there is one.
     *
     * @throws IllegalStateException when notices are off (no scheduler runs jobs then)
     */
    <T> void scheduleAt(TaskInstance<T> instance, Instant at) {
        if (client == null) {
            throw new IllegalStateException("notices are off: no tapdesk.notices.sender");
        }
        Scheduler running = scheduler;
        (running != null ? running : client).schedule(instance, at);
    }

    private static long id(ExecutionComplete complete) {
        return Long.parseLong(complete.getExecution().taskInstance.getId());
    }

    @Override
    public synchronized void start() {
        if (properties.enabled() && scheduler == null) {
            Scheduler started = scheduler(dataSource, properties, tasks);
            started.start();
            scheduler = started;
        }
        running = true;
    }

    /** Stops sending (shutdown, or a test framework pausing this context); {@link #start()} makes a new scheduler. */
    @Override
    public synchronized void stop() {
        Scheduler stopping = scheduler;
        scheduler = null;
        if (stopping != null) {
            stopping.stop();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * db-scheduler's exponential back-off, stretched to Graph's {@code Retry-After} when Graph asked for a longer wait
     * (never beyond {@code max-retry-after}).
     */
    static final class BackOff implements FailureHandler<Void> {

        private final FailureHandler.ExponentialBackoffFailureHandler<Void> exponential;
        private final OutboxProperties properties;

        BackOff(OutboxProperties properties) {
            this.exponential = new FailureHandler.ExponentialBackoffFailureHandler<>(properties.backOff(), properties.backOffRate());
            this.properties = properties;
        }

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
            Duration retryAfter = complete.getCause()
                    .filter(GraphFailure.class::isInstance).map(c -> ((GraphFailure) c).retryAfter()).orElse(null);
            long exponentialMillis = Math.round(properties.backOff().toMillis()
                    * Math.pow(properties.backOffRate(), complete.getExecution().consecutiveFailures));
            if (retryAfter != null && retryAfter.toMillis() > exponentialMillis) {
                Duration wait = retryAfter.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : retryAfter;
                operations.reschedule(complete, complete.getTimeDone().plus(wait));
            } else {
                exponential.onFailure(complete, operations);
            }
        }
    }
}
