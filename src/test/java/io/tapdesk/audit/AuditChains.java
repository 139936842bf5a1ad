package io.tapdesk.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tapdesk.demo.DemoStack;

/** What the audit chain's tests on their own PostgreSQL share: the schema, the trail as the app runs it, a row. */
final class AuditChains {

    private AuditChains() {
    }

    /** Migrates as the owner up to {@code target} (null: all). */
    static void migrate(EmbeddedPostgres postgres, String target) {
        var flyway = DemoStack.flyway(postgres);
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    /** The trail as the app runs it: connected as the app role. */
    static AuditTrail trail(EmbeddedPostgres postgres, MeterRegistry meters, String key, int headLogEvery,
                            String... oldKeys) {
        var dataSource = DemoStack.appDataSource(postgres);
        return new AuditTrail(new TransactionTemplate(new DataSourceTransactionManager(dataSource)), dataSource,
                new AuditProperties(key, List.of(oldKeys), headLogEvery, Duration.ofMinutes(5), "x", List.of("callback"), 50,
                        Duration.ofSeconds(2), "x"),
                meters, Clock.systemUTC());
    }

    /** An issue intent whose note holds the characters a careless encoding would confuse. */
    static AuditEntry entry(String ticket) {
        return new AuditEntry(Instant.now(), UUID.randomUUID(), "issue", "intent", "pending", "oid", "agent@contoso.test",
                "target", "person@contoso.test", ticket, "callback", "note, with \"quotes\"; and: separators", 60, true,
                Instant.parse("2026-12-01T08:30:00.123456789Z"), null, "127.0.0.1", null);
    }
}
