-- Single-use tokens of the card's issue form, shared by every instance: minted when a card is shown, bound to the
-- operator and the person (not to the session, whose id changes at re-authentication, and whose copy each concurrent
-- request loads on its own), spent by one conditional UPDATE. Only a SHA-256 of the token is kept.
create table issue_form_token (
    token_hash   text        primary key,
    operator_oid text        not null,
    person_id    text        not null,
    created_at   timestamptz not null,
    spent_at     timestamptz
);
create index issue_form_token_created on issue_form_token (created_at);

-- the app role mints, spends and cleans up tokens (docs/audit.md §4's convention)
grant select, insert, update, delete on issue_form_token to ${approle};

-- the per-person lease rows of V3 gave way to a PostgreSQL advisory lock (limits.PersonLock, docs/architecture.md §3)
drop table person_lock;
