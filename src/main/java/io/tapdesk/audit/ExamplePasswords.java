package io.tapdesk.audit;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a published example database password (.env.example's), for the app's role and Flyway's owner
 * role alike, with a message that says how to make a real one (docs/audit.md §3).
 */
@Component
class ExamplePasswords {

    ExamplePasswords(Environment environment) {
        for (String property : new String[]{"spring.datasource.password", "spring.flyway.password"}) {
            AuditKeys.refuseExamplePassword(property, environment.getProperty(property));
        }
    }
}
