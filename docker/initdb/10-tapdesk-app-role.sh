#!/bin/sh
# Runs once, when docker compose creates the database volume (postgres' /docker-entrypoint-initdb.d).
# Two roles (docs/audit.md §4): POSTGRES_USER (tapdesk) owns the database and the tables, and is the role Flyway
# migrates as; tapdesk_app is the role TapDesk connects as. The migrations grant tapdesk_app what it needs
# (V6__app_role_grants.sql); it may not alter tables, disable triggers, or update or delete audit rows.
# An existing volume skips this script: see docs/upgrade-two-roles.sql.
set -eu
: "${TAPDESK_APP_DB_PASSWORD:?set TAPDESK_APP_DB_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="$TAPDESK_APP_DB_PASSWORD" <<'EOSQL'
create role tapdesk_app login password :'app_password';
revoke create on schema public from public;
grant usage on schema public to tapdesk_app;
EOSQL
