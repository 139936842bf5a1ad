-- Upgrading an install from before the two roles (docs/audit.md §4; README: "Upgrading to the keyed chain and two
-- roles"). Run ONCE as the role that owns TapDesk's tables today (with docker compose: `tapdesk`), e.g.
--
--   docker compose exec -T postgres psql -U tapdesk -d tapdesk -v app_password="$TAPDESK_APP_DB_PASSWORD" \
--       < docs/upgrade-two-roles.sql
--
-- Then point TapDesk at the new role (SPRING_DATASOURCE_USERNAME=tapdesk_app, SPRING_DATASOURCE_PASSWORD=<its
-- password>) and let Flyway keep migrating as the owner (SPRING_FLYWAY_USER=tapdesk, SPRING_FLYWAY_PASSWORD=<the
-- owner's password>). On its next start Flyway runs V5 (the keyed chain) and V6, which grants tapdesk_app what it needs.
-- TapDesk refuses to start while it still connects as the owner or a superuser.
\set ON_ERROR_STOP on
create role tapdesk_app login password :'app_password';
revoke create on schema public from public;
grant usage on schema public to tapdesk_app;
