package io.tapdesk.audit;

import java.sql.SQLException;
import java.util.Arrays;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends rows to the chain: lock the head (serialising appends across instances), hash the row with the previous
 * hash, insert it, move the head and its HMAC. One transaction; any failure is {@link AuditUnavailable}.
 */
@Component
public class AuditTrail {

    private static final String INSERT = "insert into audit_event (" + AuditRows.COLUMNS + ", prev_hash, hash) values ("
            + "?, ".repeat(AuditRows.COLUMNS.split(",").length) + "?, ?) returning id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DataSource dataSource;
    private final AuditChain chain;

    AuditTrail(JdbcClient jdbc, TransactionTemplate transactions, DataSource dataSource, AuditProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.chain = new AuditChain(properties.key());
    }

    public long append(AuditEntry entry) {
        try {
            Long id = transactions.execute(status -> {
                jdbc.sql("insert into audit_head (id, last_id, last_hash, mac) values (1, 0, ?, ?) on conflict (id) do nothing")
                        .params(AuditChain.GENESIS, chain.mac(0, AuditChain.GENESIS)).update();
                String previous = jdbc.sql("select last_hash from audit_head where id = 1 for update").query(String.class).single();
                String hash = AuditChain.hash(entry, previous);
                Object[] values = Arrays.copyOf(AuditRows.values(entry), AuditRows.values(entry).length + 2);
                values[values.length - 2] = previous;
                values[values.length - 1] = hash;
                long newId = jdbc.sql(INSERT).params(values).query(Long.class).single();
                jdbc.sql("update audit_head set last_id = ?, last_hash = ?, mac = ? where id = 1")
                        .params(newId, hash, chain.mac(newId, hash)).update();
                return newId;
            });
            return id == null ? 0 : id;
        } catch (DataAccessException | org.springframework.transaction.TransactionException e) {
            throw new AuditUnavailable(e);
        }
    }

    /** Verifies the whole chain (a read; runs beside appends). */
    public ChainVerifier.Result verify() {
        var connection = DataSourceUtils.getConnection(dataSource);
        try {
            return new ChainVerifier(chain).verify(connection);
        } catch (SQLException e) {
            throw new AuditUnavailable(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
