package io.tapdesk.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoStack;

/**
 * The audit chain's scratch database (AuditChainTest, AuditAttackTest, AuditReviewTest, AuditThirdReviewTest): a
 * PostgreSQL of their own (one per JVM, not the app's), a freshly migrated database and a fresh chain of five rows
 * before each test (AuditChains.freshDatabase), and the attacker's tools: the owner's and the app role's credentials,
 * never the key; plus the administrator's command-line tools.
 */
abstract class ScratchTrailTest {

    static final String KEY = DemoStack.newKey();
    static EmbeddedPostgres postgres;
    /** Superuser: only for setting up a scenario, never as the attacker. */
    JdbcClient sql;
    /** The owner role (Flyway's), without the key: may switch triggers off, alter tables. */
    JdbcClient owner;
    /** The app role (TapDesk's own connections), without the key. */
    JdbcClient app;
    AuditTrail trail;
    /** The meters of the trail made last. */
    SimpleMeterRegistry meters;

    @BeforeAll
    static void database() throws Exception {
        postgres = AuditChains.scratchDatabase();
    }

    @BeforeEach
    void freshChainOfFive() {
        emptyDatabase(null);
        trail = trail(KEY);
        for (int i = 1; i <= 5; i++) {
            trail.append(entry("INC-" + i));
        }
    }

    /** A fresh database, migrated up to {@code target} (null: all). */
    void emptyDatabase(String target) {
        AuditChains.freshDatabase(postgres, target);
        sql = JdbcClient.create(postgres.getPostgresDatabase());
        owner = JdbcClient.create(postgres.getDatabase(DemoStack.OWNER_ROLE, "postgres"));
        app = JdbcClient.create(DemoStack.appDataSource(postgres));
    }

    void migrate(String target) {
        AuditChains.migrate(postgres, target);
    }

    AuditTrail trail(String key, String... oldKeys) {
        return trail(key, 100, oldKeys);
    }

    AuditTrail trail(String key, int headLogEvery, String... oldKeys) {
        meters = new SimpleMeterRegistry();
        return AuditChains.trail(postgres, meters, key, headLogEvery, oldKeys);
    }

    static AuditEntry entry(String ticket) {
        return AuditChains.entry(ticket);
    }

    static AuditKeys.Key key(String key) {
        return AuditKeys.of(key, List.of()).current();
    }

    /** As the owner (who owns the table, so may switch its triggers off), without the key. */
    void ownerTampers(String... statements) {
        owner.sql("alter table audit_event disable trigger user").update();
        try {
            for (String s : statements) {
                owner.sql(s).update();
            }
        } finally {
            owner.sql("alter table audit_event enable trigger user").update();
        }
    }

    Map<String, Object> head() {
        return sql.sql("select chain_version, last_id, last_seq, last_hash, key_id, mac from audit_head where id = 1")
                .query().singleRow();
    }

    void restoreHead(JdbcClient as, Map<String, Object> h) {
        as.sql("update audit_head set chain_version = ?, last_id = ?, last_seq = ?, last_hash = ?, key_id = ?, mac = ? "
                        + "where id = 1")
                .params(h.get("chain_version"), h.get("last_id"), h.get("last_seq"), h.get("last_hash"), h.get("key_id"),
                        h.get("mac"))
                .update();
    }

    /** Inserts a version 2 row exactly as ChainWriter does, signed with {@code key} (which the attacker holds). */
    void insertSigned(JdbcClient as, AuditKeys.Key key, long id, long seq, AuditEntry e, String prev, String mac) {
        Object[] values = AuditRows.values(e);
        List<Object> all = new ArrayList<>();
        all.add(id);
        all.addAll(Arrays.asList(values));
        all.add(prev);
        all.add(seq);
        all.add(key.id());
        all.add(mac);
        as.sql("insert into audit_event (id, " + AuditRows.COLUMNS + ", prev_hash, seq, chain_version, key_id, mac) "
                + "overriding system value values (?, " + "?, ".repeat(values.length) + "?, ?, 2, ?, ?)").params(all).update();
    }

    /** A row that looks keyed (a MAC nobody without the key can make right) under the id and seq given. */
    void insertKeyedLooking(JdbcClient as, long id, long seq) {
        insertSigned(as, key(KEY), id, seq, entry("FORGED"), "x", "0".repeat(64));
    }

    /** Inserts a version 1 row (unkeyed SHA-256, which anyone can compute) with an id of the attacker's choosing. */
    void insertV1(JdbcClient as, long id, AuditEntry e, String prev) {
        Object[] values = AuditRows.values(e);
        List<Object> all = new ArrayList<>();
        all.add(id);
        all.addAll(Arrays.asList(values));
        all.add(prev);
        all.add(AuditChain.hash(e, prev));
        as.sql("insert into audit_event (id, " + AuditRows.COLUMNS + ", prev_hash, hash, chain_version) "
                + "overriding system value values (?, " + "?, ".repeat(values.length) + "?, ?, 1)").params(all).update();
    }

    String cli(String key, String... oldKeys) {
        var out = new ByteArrayOutputStream();
        int code = VerifyAuditCommand.run(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", key, List.of(oldKeys),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }

    String repair(String key, String reason, String... oldKeys) {
        var out = new ByteArrayOutputStream();
        int code = RepairAuditCommand.run(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", key, List.of(oldKeys),
                "admin@contoso.test", reason, new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }

    String upgrade(String key, List<String> oldKeys) {
        var out = new ByteArrayOutputStream();
        int code = UpgradeAuditCommand.run(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", key, oldKeys,
                "admin@contoso.test", new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }
}
