package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.tapdesk.support.StackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoStack;

/**
 * Two database roles (docs/audit.md §4), through the application's own DataSource: TapDesk's connection may append
 * and read audit rows and move the head, and is refused ALTER, DELETE, UPDATE, TRUNCATE and DISABLE TRIGGER on the
 * audit trail. Every table has the app role's grants (the migrations' convention).
 */
class RolesTest extends StackTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theAppConnectsAsTheAppRoleNotTheOwner() {
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo(DemoStack.APP_ROLE);
        assertThat(jdbc.sql("select pg_get_userbyid(relowner) from pg_class where oid = 'audit_event'::regclass")
                .query(String.class).single()).isEqualTo(DemoStack.OWNER_ROLE);
        assertThat(jdbc.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single()).isFalse();
    }

    @Test
    void theAppRoleIsRefusedEveryStatementThatCouldRewriteTheTrail() throws SQLException {
        for (String statement : List.of(
                "alter table audit_event disable trigger audit_event_no_update",
                "alter table audit_event disable trigger all",
                "alter table audit_event add column forged text",
                "alter table audit_head disable trigger all",
                "update audit_event set ticket = 'X'",
                "delete from audit_event",
                "truncate audit_event",
                "delete from audit_head",
                "drop trigger audit_event_no_update on audit_event",
                "drop table audit_event",
                "create table audit_event_copy (id bigint)",
                "create or replace function audit_event_append_only() returns trigger language plpgsql as $$ begin return new; end; $$")) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (var s = c.createStatement()) {
                    assertThatThrownBy(() -> s.execute(statement)).as(statement)
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(statement + ": " + e.getMessage())
                                    .isIn("42501", "42P01"));
                } finally {
                    c.rollback();
                }
            }
        }
        // and what the app needs, it has
        assertThat(jdbc.sql("select has_table_privilege('audit_event', 'INSERT') and has_table_privilege('audit_event', 'SELECT') "
                + "and has_table_privilege('audit_head', 'UPDATE')").query(Boolean.class).single()).isTrue();
    }

    /** The grants convention (V6 and every later migration): each table names the app role. */
    @Test
    void everyTableHasTheAppRolesGrants() {
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'public' "
                + "and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history' order by 1").query(String.class).list();
        List<String> granted = jdbc.sql("select distinct table_name from information_schema.role_table_grants "
                + "where grantee = current_user and table_schema = 'public' order by 1").query(String.class).list();

        assertThat(tables).contains("audit_event", "audit_head", "approval_request", "spring_session", "rate_limit_bucket");
        assertThat(granted).containsExactlyElementsOf(tables);
        assertThat(jdbc.sql("select has_table_privilege('flyway_schema_history', 'INSERT')").query(Boolean.class).single()).isFalse();
    }

    @Test
    void theOwnersConnectionWouldNotBeAcceptedAsTheApps() {
        var owner = JdbcClient.create(DemoStack.shared().database().getDatabase(DemoStack.OWNER_ROLE, "postgres"));
        assertThatThrownBy(() -> new AppRoleCheck(owner)).hasMessageContaining("the owner of the audit tables")
                .hasMessageContaining("spring.flyway.user");
        var superuser = JdbcClient.create(DemoStack.shared().database().getPostgresDatabase());
        assertThatThrownBy(() -> new AppRoleCheck(superuser)).hasMessageContaining("a superuser");
        new AppRoleCheck(jdbc);
    }
}
