package io.tapdesk.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.stereotype.Component;

/**
 * Rate limits with Bucket4j's PostgreSQL backend, so they hold across instances: passes per operator per hour and
 * per person per day. A refusal says when the next pass is allowed.
 */
@Component
public class RateLimits {

    /** Allowed, or which limit refused and when the next pass is allowed. */
    public record Verdict(boolean allowed, String limit, Instant nextAllowed) {

        static final Verdict ALLOWED = new Verdict(true, null, null);
    }

    private final ProxyManager<String> buckets;
    private final BucketConfiguration perOperator;
    private final BucketConfiguration perPerson;
    private final Clock clock;

    RateLimits(DataSource dataSource, LimitProperties properties, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                // refills follow the business clock, like the "next pass at" this class computes from it
                .clientClock(timeMeter(clock))
                .build();
        this.perOperator = limit(properties.perOperatorPerHour(), Duration.ofHours(1));
        this.perPerson = limit(properties.perPersonPerDay(), Duration.ofDays(1));
        this.clock = clock;
    }

    /** The clock as Bucket4j reads time: wall-clock nanoseconds, the same on every instance. */
    static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    private static BucketConfiguration limit(int passes, Duration per) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(passes).refillGreedy(passes, per).build())
                .build();
    }

    /** Takes one pass from both the operator's and the person's allowance, or says which one is spent. */
    public Verdict tryIssue(String operatorOid, String personId) {
        var person = buckets.builder().build("person:" + personId, () -> perPerson);
        var operator = buckets.builder().build("operator:" + operatorOid, () -> perOperator);
        var personProbe = person.estimateAbilityToConsume(1);
        if (!personProbe.canBeConsumed()) {
            return refused("person", personProbe.getNanosToWaitForRefill());
        }
        var operatorProbe = operator.tryConsumeAndReturnRemaining(1);
        if (!operatorProbe.isConsumed()) {
            return refused("operator", operatorProbe.getNanosToWaitForRefill());
        }
        var taken = person.tryConsumeAndReturnRemaining(1);
        if (!taken.isConsumed()) {
            // another instance took the person's last pass in between: give the operator theirs back
            operator.addTokens(1);
            return refused("person", taken.getNanosToWaitForRefill());
        }
        return Verdict.ALLOWED;
    }

    /**
     * Gives back what {@link #tryIssue} took when no pass was made (Graph refused the create): the allowances count
     * passes, not attempts (phone walk of #13: a policy refusal cost the person one of their passes for the day).
     * Bucket4j caps a bucket at its capacity, so a give-back never raises an allowance above its limit.
     */
    public void giveBack(String operatorOid, String personId) {
        buckets.builder().build("person:" + personId, () -> perPerson).addTokens(1);
        buckets.builder().build("operator:" + operatorOid, () -> perOperator).addTokens(1);
    }

    /** What is left now: passes (and requests) for the operator this hour, passes for the person today. */
    public record Left(long operator, long person) {
    }

    /** The allowances left, without taking any (pages show them; {@link #tryIssue} decides). */
    public Left left(String operatorOid, String personId) {
        return new Left(available("operator:" + operatorOid, perOperator), available("person:" + personId, perPerson));
    }

    private long available(String key, BucketConfiguration configuration) {
        // a bucket is made by the first pass or request, not by a page showing what is left: no row per card viewed
        if (buckets.getProxyConfiguration(key).isEmpty()) {
            return configuration.getBandwidths()[0].getCapacity();
        }
        return buckets.builder().build(key, () -> configuration).getAvailableTokens();
    }

    /**
     * Takes one from the operator's hourly allowance for an approval request (a request is work for an approver, and a
     * script of requests is as much abuse as a script of passes); the person's daily allowance counts passes only.
     */
    public Verdict tryRequest(String operatorOid) {
        var operator = buckets.builder().build("operator:" + operatorOid, () -> perOperator);
        var probe = operator.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Verdict.ALLOWED : refused("operator", probe.getNanosToWaitForRefill());
    }

    /**
     * Takes one from the operator's hourly allowance of questions to managers ({@code perHour}, bucket
     * {@code ask:<oid>}): each question is a message from the operator's own account.
     *
     * @return allowed, or refused with limit {@code ask} and when the next question is allowed
     */
    public Verdict tryAsk(String operatorOid, int perHour) {
        var asks = buckets.builder().build("ask:" + operatorOid, () -> limit(perHour, Duration.ofHours(1)));
        var probe = asks.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Verdict.ALLOWED : refused("ask", probe.getNanosToWaitForRefill());
    }

    /**
     * One attempt at a route anyone may reach (the caller's code page, the Verified ID callback; issue 18): at most
     * {@code perMinute} per {@code key} (a client address, or one key for the route as a whole), refilled evenly.
     */
    public Verdict tryPublic(String key, int perMinute) {
        // the limit is part of the key: a bucket keeps the limit it was made with, and a changed setting starts afresh
        var bucket = buckets.builder().build("public:" + perMinute + ":" + key, () -> limit(perMinute, Duration.ofMinutes(1)));
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Verdict.ALLOWED : refused("public", probe.getNanosToWaitForRefill());
    }

    private Verdict refused(String limit, long nanosToWait) {
        return new Verdict(false, limit, clock.instant().plusNanos(nanosToWait));
    }
}
