package io.tapdesk.graph;

import java.time.Duration;
import java.util.Set;

import com.microsoft.kiota.http.middleware.options.IShouldRetry;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One call's retry policy for the SDK's retry handler: which statuses may be retried, and a bound on the total time
 * spent waiting. The handler itself ignores {@code Retry-After} when deciding, so the budget reads it here.
 */
final class RetryBudget implements IShouldRetry {

    private final Set<Integer> retryable;
    private final long budgetMillis;
    /** {@link System#nanoTime()} by which the caller needs an answer, or null. */
    private final Long deadline;
    private long spentMillis;

    private RetryBudget(Set<Integer> retryable, Duration totalWait, Long deadline) {
        this.retryable = retryable;
        this.budgetMillis = totalWait.toMillis();
        this.deadline = deadline;
    }

    /** Reads are safe to repeat: retry throttling and transient unavailability. */
    static RetryHandlerOption forRead(GraphProperties properties) {
        return forRead(properties, null);
    }

    /**
     * A read whose answer is needed by {@code deadline} ({@link System#nanoTime()}, null: none): a retry is made only
     * when its wait takes at most half the time left; otherwise Graph's answer (a 429 with its {@code Retry-After}
     * and request-id) is the result.
     */
    static RetryHandlerOption forRead(GraphProperties properties, Long deadline) {
        return new RetryHandlerOption(new RetryBudget(Set.of(429, 503, 504), properties.retryTotalWait(), deadline),
                properties.maxRetries(), 1);
    }

    /**
     * A create is re-sent only after 429, which Graph answers before doing any work. After a 503 or 504 the pass may
     * exist, and a second create would silently replace the pass the operator may already have read out.
     */
    static RetryHandlerOption forCreate(GraphProperties properties) {
        return option(Set.of(429), properties);
    }

    /** A revoke is repeatable, but its outcome is shown from a fresh read; retry only throttling. */
    static RetryHandlerOption forDelete(GraphProperties properties) {
        return option(Set.of(429), properties);
    }

    private static RetryHandlerOption option(Set<Integer> retryable, GraphProperties properties) {
        // delay 1 s is the back-off base when Graph sends no Retry-After
        return new RetryHandlerOption(new RetryBudget(retryable, properties.retryTotalWait(), null), properties.maxRetries(), 1);
    }

    @Override
    public synchronized boolean shouldRetry(long delaySeconds, int executionCount, Request request, Response response) {
        if (!retryable.contains(response.code())) {
            return false;
        }
        long wait = expectedWaitMillis(response.header("Retry-After"), delaySeconds, executionCount);
        if (spentMillis + wait > budgetMillis) {
            return false;
        }
        if (deadline != null && wait * 2 > (deadline - System.nanoTime()) / 1_000_000) {
            return false;
        }
        spentMillis += wait;
        return true;
    }

    /** What the SDK's handler will sleep (an upper bound for its randomised back-off). */
    private static long expectedWaitMillis(String retryAfter, long delaySeconds, int executionCount) {
        Duration told = GraphFailures.retryAfter(retryAfter);
        if (told != null) {
            return told.toMillis();
        }
        double backOff = executionCount < 2 ? delaySeconds : (Math.pow(2, executionCount) - 1) * 0.5 + delaySeconds;
        return (long) ((backOff + 1) * 1000);
    }
}
