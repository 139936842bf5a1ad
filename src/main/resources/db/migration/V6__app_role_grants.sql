-- Two database roles (docs/audit.md §4). Flyway runs these migrations as the OWNER role (spring.flyway.user), which
-- owns every table; TapDesk connects as the APP role (spring.datasource.username), named here by the placeholder
-- ${approle} (spring.flyway.placeholders.approle, by default the datasource's user name).
--
-- THE CONVENTION, for this and every later migration: a migration that creates a table ends with the grants the app
-- role needs on it, and no more:  grant select, insert[, update[, delete]] on <table> to ${approle};
-- plus usage on a sequence the app draws from by hand. The app role owns nothing, so it can never ALTER a table or
-- disable a trigger; it has no UPDATE, DELETE or TRUNCATE on audit_event. RolesTest checks every table has a grant.

-- V1, V5: the audit trail. Rows are appended and read, never changed; the head is moved under its lock.
grant select, insert on audit_event to ${approle};
grant usage on sequence audit_event_id_seq to ${approle};
grant select, insert, update on audit_head to ${approle};

-- V2, V4: approval requests are stored and move through their states; never deleted.
grant select, insert, update on approval_request to ${approle};

-- V3: Spring Session JDBC (creates, touches and expires sessions), Bucket4j's buckets, the per-person leases.
grant select, insert, update, delete on spring_session to ${approle};
grant select, insert, update, delete on spring_session_attributes to ${approle};
grant select, insert, update, delete on rate_limit_bucket to ${approle};
grant select, insert, update, delete on person_lock to ${approle};
