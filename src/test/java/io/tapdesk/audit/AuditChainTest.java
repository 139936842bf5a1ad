package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The chain on a real PostgreSQL: every kind of tampering is caught at the right row, by the page's and the CLI's check. */
class AuditChainTest {

    static final String KEY = "test-audit-key-0123456789-abcdefghijklmnop";
    static EmbeddedPostgres postgres;
    JdbcClient sql;
    AuditTrail trail;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshChainOfFive() {
        var dataSource = postgres.getPostgresDatabase();
        sql = JdbcClient.create(dataSource);
        sql.sql("drop schema public cascade").update();
        sql.sql("create schema public").update();
        Flyway.configure().dataSource(dataSource).load().migrate();
        trail = new AuditTrail(sql, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), dataSource,
                new AuditProperties(KEY, Duration.ofMinutes(5), "x", List.of("callback"), 50));
        for (int i = 1; i <= 5; i++) {
            trail.append(entry("INC-" + i));
        }
    }

    static AuditEntry entry(String ticket) {
        return new AuditEntry(Instant.now(), UUID.randomUUID(), "issue", "intent", "pending", "oid", "agent@contoso.test",
                "target", "person@contoso.test", ticket, "callback", "note, with \"quotes\"; and: separators", 60, true,
                Instant.parse("2026-12-01T08:30:00.123456789Z"), null, "127.0.0.1", null);
    }

    /** Tampering as a database administrator would: with the append-only trigger switched off. */
    void tamper(String statement) {
        sql.sql("alter table audit_event disable trigger audit_event_no_update").update();
        try {
            sql.sql(statement).update();
        } finally {
            sql.sql("alter table audit_event enable trigger audit_event_no_update").update();
        }
    }

    @Test
    void anUntouchedChainIsIntact() {
        var result = trail.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(cli()).startsWith("0 Audit trail intact: 5 rows.");
    }

    @Test
    void theApplicationCannotUpdateOrDeleteRows() {
        assertThatThrownBy(() -> sql.sql("update audit_event set ticket = 'X' where id = 2").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql.sql("delete from audit_event where id = 2").update())
                .hasMessageContaining("append-only");
    }

    @Test
    void anEditedRowIsNamed() {
        tamper("update audit_event set ticket = 'INC-999' where id = 3");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(3);
        assertThat(result.reason()).contains("changed");
        assertThat(cli()).startsWith("1 Audit trail BROKEN at row #3");
    }

    @Test
    void aDeletedMiddleRowIsCaughtAtTheNextRow() {
        tamper("delete from audit_event where id = 3");

        var result = trail.verify();

        assertThat(result.firstBadRow()).isEqualTo(4);
        assertThat(result.reason()).contains("link broken");
    }

    @Test
    void deletedNewestRowsAreCaughtByTheHead() {
        tamper("delete from audit_event where id >= 4");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(4);
        assertThat(result.reason()).contains("newest rows are missing");
    }

    @Test
    void deletingTheNewestRowsAndRewritingTheHeadWithoutTheKeyIsCaught() {
        String hash3 = sql.sql("select hash from audit_event where id = 3").query(String.class).single();
        tamper("delete from audit_event where id >= 4");
        tamper("update audit_head set last_id = 3, last_hash = '" + hash3 + "'");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.reason()).contains("head was changed");
    }

    @Test
    void reorderedRowsAreNamed() {
        // swap the content of rows 2 and 3, hashes and all
        tamper("update audit_event a set ticket = b.ticket, action_id = b.action_id, at = b.at, prev_hash = b.prev_hash, hash = b.hash "
                + "from (select id, ticket, action_id, at, prev_hash, hash from audit_event where id in (2, 3)) b "
                + "where a.id in (2, 3) and b.id = 5 - a.id");

        var result = trail.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadRow()).isEqualTo(2);
    }

    @Test
    void appendsAfterAVerificationKeepTheChain() {
        trail.append(entry("INC-6"));

        assertThat(trail.verify().rows()).isEqualTo(6);
        assertThat(trail.verify().intact()).isTrue();
    }

    String cli() {
        var out = new ByteArrayOutputStream();
        int code = VerifyAuditCommand.run(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", KEY,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }
}
