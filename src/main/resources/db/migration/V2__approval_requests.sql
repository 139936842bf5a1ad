-- Four-eyes approval: a request that a rule catches waits here; nothing goes to Graph before an approver unlocks it.
create table approval_request (
    id                  bigint generated always as identity primary key,
    created_at          timestamptz not null,
    requester_oid       text        not null,
    requester_upn       text        not null,
    target_id           text        not null,
    target_upn          text        not null,
    target_name         text        not null,
    lifetime_minutes    integer     not null,
    one_time            boolean     not null,
    start_at            timestamptz,
    ticket              text        not null,
    verification_method text        not null,
    verification_note   text,
    reasons             text        not null,
    state               text        not null check (state in ('pending', 'approved', 'rejected', 'issued')),
    decided_by_oid      text,
    decided_by_upn      text,
    decided_at          timestamptz,
    decision_reason     text,
    issued_at           timestamptz
);
create index approval_request_state on approval_request (state);
create index approval_request_requester on approval_request (requester_oid);
