package io.tapdesk.limits;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One issue at a time per person, across instances: a lease row in PostgreSQL, taken before the create and
 * released after it. No connection is held while Graph works; a lease left by a crashed instance expires.
 */
@Component
public class PersonLock {

    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration WAIT = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Clock clock;

    PersonLock(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Runs {@code work} holding the person's lease; waits for another holder up to 30 s. */
    public <T> T exclusive(String personId, Supplier<T> work) {
        UUID holder = UUID.randomUUID();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!tryTake(personId, holder)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Another issue for this person is still running");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try {
            return work.get();
        } finally {
            release(personId, holder);
        }
    }

    private void release(String personId, UUID holder) {
        try {
            jdbc.sql("delete from person_lock where person_id = ? and holder = ?").params(personId, holder).update();
        } catch (org.springframework.dao.DataAccessException e) {
            // the database went away meanwhile: the lease expires by itself
            org.slf4j.LoggerFactory.getLogger(PersonLock.class).warn("Lease for {} not released: {}", personId, e.getMessage());
        }
    }

    private boolean tryTake(String personId, UUID holder) {
        var now = clock.instant();
        return jdbc.sql("""
                        insert into person_lock (person_id, holder, expires_at) values (?, ?, ?)
                        on conflict (person_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
                        where person_lock.expires_at < ?""")
                .params(personId, holder, Timestamp.from(now.plus(LEASE)), Timestamp.from(now))
                .update() == 1;
    }
}
