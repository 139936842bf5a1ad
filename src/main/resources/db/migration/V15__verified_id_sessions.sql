-- "Get verified" (verification/VerifiedIdSessions, issue 18): a Verified ID presentation with Face Check, started from
-- the card. The short session code the agent reads aloud and the callback's api-key are kept only as SHA-256 hashes.
-- TapDesk keeps its own expiry: the Request Service sends no callback when a request expires. A session goes
-- started -> requested (the caller typed the code; the service gave a request id) -> retrieved -> verified or failed,
-- each step one conditional UPDATE from the one before, so a replayed or out-of-order callback changes nothing.
create table verified_id_session (
    id            uuid        primary key,
    operator_oid  text        not null,
    operator_upn  text        not null,
    operator_name text        not null,
    person_id     text        not null,
    person_upn    text        not null,
    person_name   text,
    code_hash     text        not null,
    -- made when the caller uses the code (the request is created then)
    api_key_hash  text,
    request_id    text        unique,
    state         text        not null check (state in ('started', 'requested', 'retrieved', 'verified', 'failed', 'expired')),
    -- why a session failed: a word (face-check-below-threshold, another-person, presentation-error, ...); never a claim
    failure       text,
    score         numeric(5, 2),
    caller_check_id uuid,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    -- when the caller used the code (it opens once)
    consumed_at   timestamptz,
    updated_at    timestamptz not null,
    check (expires_at > created_at)
);
create index verified_id_session_card on verified_id_session (operator_oid, lower(person_id), created_at desc);
create index verified_id_session_code on verified_id_session (code_hash) where consumed_at is null;

-- the app role starts sessions and moves their state; nothing deletes them (they are evidence)
grant select, insert, update on verified_id_session to ${approle};
