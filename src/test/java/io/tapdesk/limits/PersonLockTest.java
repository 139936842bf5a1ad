package io.tapdesk.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import tapdesk.demo.DemoStack;

/** The per-person lock on a real PostgreSQL: a fence between holders, across connections as across instances. */
class PersonLockTest {

    static EmbeddedPostgres postgres;
    final java.util.List<PersonLock> locks = new java.util.ArrayList<>();

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DemoStack.createRoles(postgres);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @AfterEach
    void close() {
        locks.forEach(PersonLock::destroy);
    }

    /** One instance's lock: its own pool, as in production. */
    PersonLock instance(Duration wait, Duration lease, int poolSize) {
        DataSourceProperties dataSource = new DataSourceProperties();
        // as the app connects: the app role (docs/audit.md §4)
        dataSource.setUrl(postgres.getJdbcUrl(DemoStack.APP_ROLE, "postgres"));
        dataSource.setUsername(DemoStack.APP_ROLE);
        dataSource.setPassword(DemoStack.APP_PASSWORD);
        PersonLock lock = new PersonLock(dataSource, new LimitProperties(20, 3, wait, lease, poolSize));
        locks.add(lock);
        return lock;
    }

    @Test
    void aSecondIssueForThePersonWaitsThenIsBusyAndGoesAheadOnceTheFirstIsDone() throws Exception {
        PersonLock one = instance(Duration.ofMillis(200), Duration.ofSeconds(2), 2);
        PersonLock two = instance(Duration.ofMillis(200), Duration.ofSeconds(2), 2);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var first = CompletableFuture.supplyAsync(() -> one.exclusive("person-a", () -> {
            holding.countDown();
            await(release);
            return "first";
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        PersonLock.Busy busy = catchThrowableOfType(PersonLock.Busy.class, () -> two.exclusive("PERSON-A", () -> "second"));
        assertThat(busy.samePerson()).isTrue();
        assertThat(two.exclusive("person-b", () -> "another person does not wait")).isEqualTo("another person does not wait");

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(two.exclusive("person-a", () -> "second")).isEqualTo("second");
    }

    @Test
    void aLiveHolderKeepsTheLockPastItsLease() throws Exception {
        PersonLock one = instance(Duration.ofMillis(200), Duration.ofMillis(1000), 2);
        PersonLock two = instance(Duration.ofMillis(200), Duration.ofMillis(1000), 2);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var first = CompletableFuture.supplyAsync(() -> one.exclusive("person-c", () -> {
            holding.countDown();
            await(release);
            return "done";
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(2500); // two and a half leases, renewed meanwhile

        assertThat(catchThrowableOfType(PersonLock.Busy.class, () -> two.exclusive("person-c", () -> "second"))).isNotNull();
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }

    @Test
    void aHolderThatStopsAnsweringLosesTheLockAfterTheLease() throws Exception {
        // a frozen instance: the same lock taken in a transaction that then says nothing (no renewal)
        try (Connection frozen = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")) {
            try (Statement statement = frozen.createStatement()) {
                statement.execute("set idle_in_transaction_session_timeout = 1000");
            }
            frozen.setAutoCommit(false);
            try (Statement statement = frozen.createStatement()) {
                statement.execute("select pg_advisory_xact_lock(" + 0x7A9D_0001 + ", " + PersonLock.key("person-d") + ")");
            }
            PersonLock other = instance(Duration.ofMillis(200), Duration.ofSeconds(1), 2);
            assertThat(catchThrowableOfType(PersonLock.Busy.class, () -> other.exclusive("person-d", () -> "x"))).isNotNull();

            Thread.sleep(1500);

            assertThat(other.exclusive("person-d", () -> "taken over")).isEqualTo("taken over");
        }
    }

    @Test
    void whenEveryLockConnectionOfAnInstanceIsInUseItIsBusyAsAWhole() throws Exception {
        PersonLock small = instance(Duration.ofMillis(300), Duration.ofSeconds(2), 1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var first = CompletableFuture.supplyAsync(() -> small.exclusive("person-e", () -> {
            holding.countDown();
            await(release);
            return "first";
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        PersonLock.Busy busy = catchThrowableOfType(PersonLock.Busy.class, () -> small.exclusive("person-f", () -> "x"));
        assertThat(busy.samePerson()).isFalse();
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
    }

    @Test
    void aDatabaseThatIsAwayIsNotBusyButUnavailable() {
        DataSourceProperties dataSource = new DataSourceProperties();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:1/none");
        dataSource.setUsername("postgres");
        PersonLock away = new PersonLock(dataSource, new LimitProperties(20, 3, Duration.ofMillis(300), Duration.ofSeconds(2), 1));
        locks.add(away);

        assertThat(catchThrowableOfType(org.springframework.dao.DataAccessResourceFailureException.class,
                () -> away.exclusive("person-g", () -> "x"))).isNotNull();
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
