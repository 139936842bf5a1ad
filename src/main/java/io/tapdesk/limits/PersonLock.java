package io.tapdesk.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * One issue or revoke at a time per person, across instances: a PostgreSQL advisory lock
 * ({@code pg_try_advisory_xact_lock}) held in an open transaction on a connection of a small pool of its own, from
 * before the person is read until the outcome row is written. It is a real fence: it ends when the holder commits,
 * or when its connection ends (a crashed instance); a holder that stops answering loses it after
 * {@code tapdesk.limits.lock-lease}, since the holder renews the lease (a statement on the lock's connection) every
 * third of it and PostgreSQL ends a transaction left idle for longer ({@code idle_in_transaction_session_timeout}).
 * Waiters poll with {@code pg_try_advisory_xact_lock}, so they hold no lock queue entry and give up at
 * {@code tapdesk.limits.lock-wait}.
 */
@Component
public class PersonLock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PersonLock.class);
    /** The first key of TapDesk's advisory locks (two-key form, which no other user here takes). */
    private static final int NAMESPACE = 0x7A9D_0001;

    /** Someone else holds the person's lock for longer than {@code lock-wait}, or every lock connection is in use. */
    public static final class Busy extends RuntimeException {
        private final boolean samePerson;

        Busy(boolean samePerson) {
            super(samePerson ? "Another issue for this person is under way" : "Every lock connection is in use", null,
                    false, false);
            this.samePerson = samePerson;
        }

        /** True: another operator is issuing or revoking for this person; false: TapDesk as a whole is busy. */
        public boolean samePerson() {
            return samePerson;
        }
    }

    private final HikariDataSource pool;
    private final ThreadPoolTaskScheduler heartbeats;
    private final Duration wait;
    private final Duration lease;
    private final long pollMillis;

    PersonLock(DataSourceProperties dataSource, LimitProperties properties) {
        this.wait = properties.lockWait();
        this.lease = properties.lockLease();
        this.pollMillis = Math.max(5, Math.min(50, wait.toMillis() / 20));
        this.pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("person-lock");
        pool.setMaximumPoolSize(properties.lockPoolSize());
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(Math.max(250, wait.toMillis()));
        pool.setValidationTimeout(Math.min(1000, Math.max(250, wait.toMillis())));
        // a frozen holder's transaction ends after the lease; a statement that hangs (a dead connection) gives up too
        pool.setConnectionInitSql("set idle_in_transaction_session_timeout = " + Math.max(1000, lease.toMillis())
                + "; set statement_timeout = " + Math.max(1000, lease.toMillis() / 3));
        this.heartbeats = new ThreadPoolTaskScheduler();
        // one renewal thread per lock connection: a renewal stuck on one connection never delays the others'
        heartbeats.setPoolSize(properties.lockPoolSize());
        heartbeats.setThreadNamePrefix("person-lock-");
        heartbeats.setDaemon(true);
        heartbeats.initialize();
    }

    /**
     * Runs {@code work} holding the person's lock.
     *
     * @throws Busy                              when the lock is not free within {@code lock-wait}
     * @throws DataAccessResourceFailureException when PostgreSQL cannot be reached (nothing ran)
     */
    public <T> T exclusive(String personId, Supplier<T> work) {
        Connection connection = connect();
        try {
            lock(connection, personId);
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
        ScheduledFuture<?> renewal = heartbeats.scheduleAtFixedRate(() -> renew(connection, personId),
                java.time.Instant.now().plus(lease.dividedBy(3)), lease.dividedBy(3));
        try {
            return work.get();
        } finally {
            renewal.cancel(false);
            unlock(connection, personId);
        }
    }

    private Connection connect() {
        try {
            Connection connection = pool.getConnection();
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLTransientConnectionException e) {
            if (e.getCause() == null) {
                // the pool is up but every lock connection is held: too many issues at once on this instance
                throw new Busy(false);
            }
            throw new DataAccessResourceFailureException("No connection for the person lock", e);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("No connection for the person lock", e);
        }
    }

    private void lock(Connection connection, String personId) {
        long deadline = System.nanoTime() + wait.toNanos();
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, key(personId));
            while (true) {
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new Busy(true);
                }
                Thread.sleep(pollMillis);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Person lock not taken", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy(true);
        }
    }

    private void renew(Connection connection, String personId) {
        synchronized (connection) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("select 1");
            } catch (SQLException e) {
                log.error("The lock for person {} could not be renewed: another issue may start", personId, e);
            }
        }
    }

    private void unlock(Connection connection, String personId) {
        synchronized (connection) {
            try {
                // ending the transaction releases the advisory lock
                connection.commit();
            } catch (SQLException e) {
                // the work is done and must stand; the lock ended with the connection (lease passed or database gone)
                log.error("The lock for person {} was lost before the work ended: its lease ({}) passed or the database went away",
                        personId, lease, e);
            } finally {
                close(connection);
            }
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("A person lock connection did not close cleanly: {}", e.getMessage());
        }
    }

    /** A stable 32-bit key per person; two people sharing one only wait for each other. */
    static int key(String personId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(personId.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdown();
        pool.close();
    }
}
