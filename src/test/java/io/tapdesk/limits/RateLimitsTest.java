package io.tapdesk.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tapdesk.support.SettableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tapdesk.demo.DemoStack;

/**
 * The limits on a real PostgreSQL: two RateLimits objects stand for two instances sharing the buckets. Refills follow
 * the app's clock, so a settable clock moves them, at chosen instants and across the nights Amsterdam changes its
 * clocks (a limit counts elapsed time: "per day" is 24 hours, also on a 23- or 25-hour day).
 */
class RateLimitsTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DemoStack.flyway(postgres).load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** The one place this class builds LimitProperties. */
    static LimitProperties limits(int perOperator, int perPerson) {
        return new LimitProperties(perOperator, perPerson, Duration.ofSeconds(1), Duration.ofSeconds(2), 4);
    }

    static RateLimits instance(int perOperator, int perPerson, Clock clock) {
        // as the app connects: the app role (docs/audit.md §4)
        return new RateLimits(DemoStack.appDataSource(postgres), limits(perOperator, perPerson), clock);
    }

    @Test
    void theOperatorLimitHoldsAcrossInstancesAndSaysWhenTheNextIsAllowed() {
        var clock = SettableClock.at("2026-11-25T11:00:00Z");
        var one = instance(2, 100, clock);
        var two = instance(2, 100, clock);

        assertThat(one.tryIssue("op-a", "p1").allowed()).isTrue();
        assertThat(two.tryIssue("op-a", "p2").allowed()).isTrue();
        var third = one.tryIssue("op-a", "p3");

        assertThat(third.allowed()).isFalse();
        assertThat(third.limit()).isEqualTo("operator");
        assertThat(third.nextAllowed()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(two.tryIssue("op-b", "p3").allowed()).as("another operator is not affected").isTrue();
    }

    /** A create Graph refused made nothing: both allowances come back, never above their limits. */
    @Test
    void whatARefusedCreateTookIsGivenBackUpToTheLimit() {
        var limits = instance(2, 1, SettableClock.at("2026-11-25T11:00:00Z"));

        assertThat(limits.tryIssue("op-g", "person-g").allowed()).isTrue();
        assertThat(limits.left("op-g", "person-g")).isEqualTo(new RateLimits.Left(1, 0));
        limits.giveBack("op-g", "person-g");
        assertThat(limits.left("op-g", "person-g")).isEqualTo(new RateLimits.Left(2, 1));
        limits.giveBack("op-g", "person-g");
        assertThat(limits.left("op-g", "person-g")).as("capped at the limits").isEqualTo(new RateLimits.Left(2, 1));
    }

    @Test
    void aSpentPersonDoesNotCostTheOperatorAPass() {
        var limits = instance(3, 1, SettableClock.at("2026-11-25T11:00:00Z"));

        assertThat(limits.tryIssue("op-c", "person-x").allowed()).isTrue();
        var refused = limits.tryIssue("op-c", "person-x");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo("person");

        assertThat(limits.tryIssue("op-c", "person-y").allowed()).isTrue();
        assertThat(limits.tryIssue("op-c", "person-z").allowed()).isTrue();
        assertThat(limits.tryIssue("op-c", "person-w").limit()).isEqualTo("operator");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T02:00:00Z | Saturday 03:00 Amsterdam (CET)
            2026-11-25T11:00:00Z | Wednesday 12:00 Amsterdam (CET)
            2026-07-18T01:00:00Z | Saturday 03:00 Amsterdam (CEST)
            2026-07-15T10:00:00Z | Wednesday 12:00 Amsterdam (CEST)
            2026-10-25T00:30:00Z | 02:30 CEST, the first of two 02:30s as clocks go back (a 25-hour day)
            2026-03-29T00:30:00Z | 01:30 CET, just before clocks go forward (a 23-hour day)
            """)
    void aPersonsDayIs24HoursOfTheAppsClock(Instant at, String when) {
        var clock = SettableClock.at(at);
        var limits = instance(100, 1, clock);
        String person = "person-day-" + at;

        assertThat(limits.tryIssue("op-d", person).allowed()).isTrue();
        var refused = limits.tryIssue("op-d", person);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.nextAllowed()).isEqualTo(at.plus(Duration.ofHours(24)));

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(limits.tryIssue("op-d", person).allowed()).as("a second before the day is over").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limits.tryIssue("op-d", person).allowed()).as("24 hours on").isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T02:00:00Z | Saturday 03:00 Amsterdam (CET)
            2026-11-25T11:00:00Z | Wednesday 12:00 Amsterdam (CET)
            2026-10-25T00:45:00Z | 02:45 CEST as clocks go back: the next pass at 02:15 CET
            2026-03-29T00:45:00Z | 01:45 CET as clocks go forward: the next pass at 03:15 CEST
            """)
    void anOperatorsHourRefillsAPassEachHalfHourOfTheAppsClock(Instant at, String when) {
        var clock = SettableClock.at(at);
        var limits = instance(2, 100, clock);
        String operator = "op-hour-" + at;

        assertThat(limits.tryIssue(operator, "p1").allowed()).isTrue();
        assertThat(limits.tryIssue(operator, "p2").allowed()).isTrue();
        var refused = limits.tryIssue(operator, "p3");
        assertThat(refused.limit()).isEqualTo("operator");
        // two an hour, refilled greedily: one back after half an hour
        assertThat(refused.nextAllowed()).isEqualTo(at.plus(Duration.ofMinutes(30)));

        clock.advance(Duration.ofMinutes(29));
        assertThat(limits.tryIssue(operator, "p3").allowed()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(limits.tryIssue(operator, "p3").allowed()).isTrue();
        assertThat(limits.tryIssue(operator, "p4").allowed()).as("only one came back").isFalse();
    }

    /** Requests take from the operator's hourly allowance only; what is left is read without making a bucket. */
    @Test
    void requestsCountAgainstTheOperatorAndWhatIsLeftIsReadWithoutABucket() {
        var clock = SettableClock.at("2026-11-25T11:00:00Z");
        var limits = instance(2, 5, clock);
        // a card shown to an operator who never issued: the full allowance, and no bucket row with this instance's
        // settings (another instance or context with other settings would otherwise inherit it)
        assertThat(limits.left("op-r", "person-r")).isEqualTo(new RateLimits.Left(2, 5));
        assertThat(instance(100, 100, clock).left("op-r", "person-r")).isEqualTo(new RateLimits.Left(100, 100));

        assertThat(limits.tryRequest("op-r").allowed()).isTrue();
        assertThat(limits.left("op-r", "person-r")).isEqualTo(new RateLimits.Left(1, 5));
        assertThat(limits.tryIssue("op-r", "person-r").allowed()).isTrue();
        var refused = limits.tryRequest("op-r");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo("operator");
        assertThat(limits.left("op-r", "person-r")).isEqualTo(new RateLimits.Left(0, 4));
    }
}
