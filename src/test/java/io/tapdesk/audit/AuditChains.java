package io.tapdesk.audit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tapdesk.demo.DemoStack;

/** What the audit chain's tests on their own PostgreSQL share: the schema, the trail as the app runs it, a row. */
final class AuditChains {

    private AuditChains() {
    }

    /** The scratch PostgreSQL of this JVM, and the templates made in it so far (by target). */
    private static EmbeddedPostgres scratch;
    private static final Set<String> TEMPLATES = new HashSet<>();

    /**
     * One PostgreSQL for every scratch-trail test class of the JVM; zonky's shutdown hook stops it. Starting one per
     * class cost a second or two each.
     */
    static synchronized EmbeddedPostgres scratchDatabase() throws IOException {
        if (scratch == null) {
            // a scratch database need not survive a crash: without fsync, the checkpoints CREATE DATABASE makes are quick
            scratch = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off")
                    .start();
        }
        return scratch;
    }

    /**
     * Makes database {@code postgres} a freshly migrated one, up to {@code target} (null: all), as if its schema had
     * just been dropped, created and migrated as the owner. The first time for a target that is exactly what happens,
     * and the result is kept as a template database; from then on {@code postgres} is dropped and copied from that
     * template (CREATE DATABASE … TEMPLATE), which takes a fraction of a Flyway run. Roles are the cluster's, so they
     * stay; connections still open to {@code postgres} (a test's leftover) are ended.
     */
    static synchronized void freshDatabase(EmbeddedPostgres postgres, String target) {
        String template = "scratch_template_" + (target == null ? "latest" : target.replaceAll("[^0-9A-Za-z]", "_"));
        // the statements run from template1: one cannot drop or copy the database one is connected to
        var admin = JdbcClient.create(postgres.getDatabase("postgres", "template1"));
        if (!TEMPLATES.contains(template)) {
            var sql = JdbcClient.create(postgres.getPostgresDatabase());
            sql.sql("drop schema public cascade").update();
            sql.sql("create schema public").update();
            migrate(postgres, target);
            endConnections(admin, "postgres");
            admin.sql("drop database if exists " + template).update();
            admin.sql("create database " + template + " template postgres").update();
            TEMPLATES.add(template);
        } else {
            admin.sql("drop database postgres with (force)").update();
            admin.sql("create database postgres template " + template).update();
        }
    }

    private static void endConnections(JdbcClient admin, String database) {
        admin.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")
                .param(database).query().listOfRows();
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
                new AuditProperties(key, List.of(oldKeys), headLogEvery, Duration.ofMinutes(5), "x", 50,
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
