package io.tapdesk.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits on a real PostgreSQL: two RateLimits objects stand for two instances sharing the buckets. */
class RateLimitsTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static RateLimits instance(int perOperator, int perPerson) {
        return new RateLimits(postgres.getPostgresDatabase(), new LimitProperties(perOperator, perPerson, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), 4), Clock.systemUTC());
    }

    @Test
    void theOperatorLimitHoldsAcrossInstancesAndSaysWhenTheNextIsAllowed() {
        var one = instance(2, 100);
        var two = instance(2, 100);

        assertThat(one.tryIssue("op-a", "p1").allowed()).isTrue();
        assertThat(two.tryIssue("op-a", "p2").allowed()).isTrue();
        var third = one.tryIssue("op-a", "p3");

        assertThat(third.allowed()).isFalse();
        assertThat(third.limit()).isEqualTo("operator");
        assertThat(third.nextAllowed()).isAfter(Instant.now().plusSeconds(60));
        assertThat(two.tryIssue("op-b", "p3").allowed()).as("another operator is not affected").isTrue();
    }

    @Test
    void aSpentPersonDoesNotCostTheOperatorAPass() {
        var limits = instance(3, 1);

        assertThat(limits.tryIssue("op-c", "person-x").allowed()).isTrue();
        var refused = limits.tryIssue("op-c", "person-x");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo("person");

        assertThat(limits.tryIssue("op-c", "person-y").allowed()).isTrue();
        assertThat(limits.tryIssue("op-c", "person-z").allowed()).isTrue();
        assertThat(limits.tryIssue("op-c", "person-w").limit()).isEqualTo("operator");
    }
}
