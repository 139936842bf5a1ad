package io.tapdesk.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends rows to the keyed chain (docs/audit.md): lock the head (serialising appends across instances), check that
 * the chain ends where the signed head says and that its newest row is genuine, then insert the row signed with the
 * current key and move the head. One transaction. A damaged chain is {@link AuditDamaged} (logged at ERROR, counted
 * as {@code tapdesk.audit.damaged}); any other failure is {@link AuditUnavailable}. The head goes to the log every
 * {@code head-log-every} appends and at shutdown (§5).
 */
@Component
@DependsOnDatabaseInitialization
public class AuditTrail implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    /** One structured line per head, to ship off the database's host (docs/audit.md §5). */
    private static final Logger headLog = LoggerFactory.getLogger("tapdesk.audit.head");

    private final TransactionTemplate transactions;
    private final DataSource dataSource;
    private final AuditKeys keys;
    private final Counter damaged;
    private final Clock clock;
    private final int headLogEvery;
    private final long headLockWaitMillis;
    private final AtomicLong appends = new AtomicLong();

    AuditTrail(TransactionTemplate transactions, DataSource dataSource, AuditProperties properties, MeterRegistry meters,
               Clock clock) {
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.keys = AuditKeys.forTapDesk(properties.key(), properties.oldKeys());
        this.damaged = Counter.builder("tapdesk.audit.damaged")
                .description("appends refused because the audit chain does not end where its signed head says")
                .register(meters);
        this.clock = clock;
        this.headLogEvery = properties.headLogEvery();
        this.headLockWaitMillis = Math.max(1, properties.headLockWait().toMillis());
    }

    /**
     * At start-up: a trail never used gets its signed genesis head now (so a head deleted later is noticed, docs/audit.md
     * §5), and the head goes to the log. A damaged trail, or one from before the keyed chain, does not stop the start:
     * its pages say DAMAGED and TapDesk refuses to issue until an administrator has acted.
     */
    @Override
    public void afterPropertiesSet() {
        ChainWriter.Head head;
        try {
            head = underHeadLock("at start-up", c -> ChainWriter.lockHead(c, keys, false));
        } catch (AuditUnavailable e) {
            // damaged (logged and counted) or out of reach: the pages say so; nothing to do here
            log.warn("The audit head could not be read at start-up: {}", e.getMessage());
            return;
        }
        if (head == null) {
            return;
        }
        if (head.version() == AuditChain.V1) {
            log.error("The audit trail is from before the keyed chain: nothing is issued or revoked until an "
                    + "administrator has run the one-time upgrade (README: \"Upgrading an install from before the keyed "
                    + "chain\"; docs/audit.md §3).");
        } else if (head.lastSeq() > 0 && !keys.current().id().equals(head.keyId())) {
            // a new key: its first row follows at once, so the rotated-out key's run is closed by a row it cannot forge
            // (otherwise whoever kept the old key could sign rows until the first action, docs/audit.md §8)
            try {
                append(new AuditEntry(clock.instant(), UUID.randomUUID(), AuditAction.KEY_ROTATED.stored(), "event",
                        AuditOutcome.KEYED.stored(), "tapdesk", "TapDesk (start-up)", null, null, null, null, null, null,
                        null, null, null, null, "key " + keys.current().id() + " takes over from key " + head.keyId()
                        + " after sequence " + head.lastSeq()));
                return;
            } catch (AuditUnavailable e) {
                log.warn("The new audit key could not take over at start-up: {}", e.getMessage());
            }
        }
        logHead("start", head.lastId(), head.lastSeq(), head.lastLink(), head.keyId());
    }

    public long append(AuditEntry entry) {
        ChainWriter.Written written = underHeadLock("refusing to append", c -> ChainWriter.write(c, keys,
                ChainWriter.checkedTip(c, keys, ChainWriter.lockHead(c, keys, false)), entry));
        if (written == null) {
            throw new AuditUnavailable(new IllegalStateException("no row written"));
        }
        if (appends.incrementAndGet() % headLogEvery == 0) {
            logHead("every-" + headLogEvery, written.id(), written.seq(), written.mac(), written.keyId());
        }
        return written.id();
    }

    /** A step on the chain, on the transaction's connection. */
    private interface ChainStep<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code step} in one transaction (the head's lock is held until it ends), waiting at most head-lock-wait for
     * that lock. Damage is logged at ERROR and counted, then thrown; any other failure (a lock held elsewhere too
     * long: 55P03) is {@link AuditUnavailable}.
     */
    private <T> T underHeadLock(String doing, ChainStep<T> step) {
        try {
            return transactions.execute(status -> {
                Connection c = DataSourceUtils.getConnection(dataSource);
                try {
                    ChainWriter.limitLockWait(c, headLockWaitMillis);
                    return step.run(c);
                } catch (SQLException e) {
                    throw new AuditUnavailable(e);
                } finally {
                    DataSourceUtils.releaseConnection(c, dataSource);
                }
            });
        } catch (AuditDamaged e) {
            damaged.increment();
            log.error("AUDIT TRAIL DAMAGED: {} ({}). Nothing is issued or revoked until an administrator has verified the "
                    + "chain and re-anchored it (docs/audit.md §2).", doing, e.getMessage());
            throw e;
        } catch (DataAccessException | TransactionException e) {
            throw new AuditUnavailable(e);
        }
    }

    /** Verifies the whole chain (a read on one snapshot; runs beside appends). */
    public ChainVerifier.Result verify() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return new ChainVerifier(keys).verify(connection);
        } catch (SQLException e) {
            throw new AuditUnavailable(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** At shutdown the head goes to the log, so a trail deleted wholesale later can be noticed. */
    @Override
    public void destroy() {
        Connection connection = null;
        try {
            connection = DataSourceUtils.getConnection(dataSource);
            ChainWriter.Head head = ChainWriter.selectHead(connection, false);
            if (head != null) {
                logHead("shutdown", head.lastId(), head.lastSeq(), head.lastLink(), head.keyId());
            } else {
                logHead("shutdown", 0, 0, AuditChain.GENESIS, null);
            }
        } catch (SQLException | DataAccessException | IllegalStateException e) {
            log.warn("The audit head could not be read at shutdown: {}", e.getMessage());
        } finally {
            if (connection != null) {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
    }

    private void logHead(String reason, long id, long seq, String mac, String keyId) {
        headLog.info("audit-head seq={} id={} mac={} key={} at={} reason={}", seq, id, mac, keyId, clock.instant(), reason);
    }
}
