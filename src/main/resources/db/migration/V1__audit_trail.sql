-- The audit trail: append-only rows, each chained to the previous one by a SHA-256 hash (AuditChain).
-- Never the pass value.
create table audit_event (
    id                  bigint generated always as identity primary key,
    at                  timestamptz not null,
    action_id           uuid        not null,
    kind                text        not null,   -- issue, replace, revoke, refused, export
    phase               text        not null,   -- intent (before Graph), outcome (after), event (no Graph call)
    outcome             text        not null,   -- pending, issued, revoked, already-gone, refused, failed, unknown, exported
    operator_oid        text        not null,
    operator_upn        text        not null,
    target_id           text,
    target_upn          text,
    ticket              text,
    verification_method text,
    verification_note   text,
    lifetime_minutes    integer,
    one_time            boolean,
    start_at            timestamptz,
    graph_request_id    text,
    client_address      text,
    detail              text,
    prev_hash           text        not null,
    hash                text        not null
);
create index audit_event_action on audit_event (action_id);
create index audit_event_at on audit_event (at);
create index audit_event_operator on audit_event (operator_oid);
create index audit_event_target on audit_event (target_id);

-- The chain's head: the newest row's id and hash, with an HMAC keyed from TAPDESK_AUDIT_KEY, so that deleting the
-- newest rows is caught too. Appends lock this row, which serialises them across instances.
create table audit_head (
    id        integer primary key check (id = 1),
    last_id   bigint  not null,
    last_hash text    not null,
    mac       text    not null
);

-- Append-only for the application: updates and deletes are refused by the database itself.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end;
$$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only();
