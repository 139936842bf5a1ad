-- "Ask the manager" (verification/ManagerConfirmations, issue 17): the agent asks the person's manager to confirm the
-- caller; the manager answers on /confirm/<token> after signing in through the second app registration. The link's
-- token is kept only as a SHA-256 hash; the six-digit code is not secret (the agent sees it on the card and the
-- manager in the message, to compare). Answered once: one conditional UPDATE from 'asked'.
create table manager_confirmation (
    id               uuid        primary key,
    code             text        not null check (code ~ '^[0-9]{6}$'),
    token_hash       text        not null unique,
    operator_oid     text        not null,
    operator_upn     text        not null,
    operator_name    text        not null,
    person_id        text        not null,
    person_upn       text,
    person_name      text,
    -- for what: the ticket and the pass the agent intends
    ticket           text        not null,
    lifetime_minutes integer     not null check (lifetime_minutes between 1 and 43200),
    one_time         boolean     not null,
    -- the manager as read when asking; at answer time the manager is read again and must still be this one
    manager_oid      text        not null,
    manager_name     text,
    channel          text        not null check (channel in ('chat', 'mail')),
    state            text        not null check (state in ('asked', 'confirmed', 'not-right', 'expired')),
    answered_by      text,
    answered_at      timestamptz,
    how_known        text,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    check (expires_at > created_at),
    check ((state = 'asked') = (answered_at is null) or state = 'expired')
);
create index manager_confirmation_card on manager_confirmation (operator_oid, lower(person_id), created_at desc);

-- the app role asks and records answers; nothing deletes them (they are evidence)
grant select, insert, update on manager_confirmation to ${approle};
