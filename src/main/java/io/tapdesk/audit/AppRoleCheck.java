package io.tapdesk.audit;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when TapDesk's own connection could change or remove audit rows: a superuser, the tables' owner
 * (or a member of it), or a role with UPDATE, DELETE or TRUNCATE on {@code audit_event} (docs/audit.md §4). Runs
 * after Flyway, which migrates as the owner.
 */
@Component
@DependsOnDatabaseInitialization
class AppRoleCheck {

    AppRoleCheck(JdbcClient jdbc) {
        var verdict = jdbc.sql("""
                select current_user as role, r.rolsuper as superuser,
                       pg_has_role(current_user, c.relowner, 'MEMBER') as owner,
                       has_table_privilege('audit_event', 'UPDATE') or has_table_privilege('audit_event', 'DELETE')
                           or has_table_privilege('audit_event', 'TRUNCATE') as may_change
                from pg_roles r, pg_class c
                where r.rolname = current_user and c.oid = 'audit_event'::regclass
                """).query((rs, n) -> new Object[]{rs.getString("role"), rs.getBoolean("superuser"), rs.getBoolean("owner"),
                rs.getBoolean("may_change")}).single();
        String why = (boolean) verdict[1] ? "a superuser" : (boolean) verdict[2] ? "the owner of the audit tables"
                : (boolean) verdict[3] ? "allowed to update, delete or truncate audit rows" : null;
        if (why != null) {
            throw new IllegalStateException("TapDesk connects to PostgreSQL as " + verdict[0] + ", which is " + why
                    + ": whoever holds that password could rewrite the audit trail. Connect as the app role "
                    + "(spring.datasource.username) and let Flyway migrate as the owner (spring.flyway.user); see the "
                    + "README's \"Two database roles\" and docs/upgrade-two-roles.sql.");
        }
    }
}
