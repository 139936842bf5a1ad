-- Only keyed rows are appended, each under the id the identity sequence just handed to this session (docs/audit.md §1,
-- §6). TapDesk's own appends draw the id with nextval right before the insert (its MAC covers the id); the rule stops
-- the app role's credentials from placing a forged unkeyed row, or a row under an id of their choosing (below the
-- newest, or the highest bigint so no later id fits), among the rows the key anchors. The owner could switch it off:
-- the verifier still names such rows, and a repair row signs exactly the rows it was written over.
create function audit_event_insert_rules() returns trigger language plpgsql as $$
declare
    handed bigint;
begin
    begin
        handed := currval(pg_get_serial_sequence('audit_event', 'id'));
    exception when object_not_in_prerequisite_state then
        handed := null; -- this session drew no id
    end;
    if new.chain_version is distinct from 2 or new.seq is null or new.key_id is null or new.mac is null
            or new.hash is not null then
        raise exception 'audit_event takes keyed rows only (chain_version 2, with seq, key_id and mac)';
    end if;
    if new.id is distinct from handed
            or new.id <= (select coalesce(max(id), 0) from audit_event) then
        raise exception 'audit_event rows are appended after the newest, under the id nextval just gave: id % is not', new.id;
    end if;
    return new;
end;
$$;
create trigger audit_event_insert_rules before insert on audit_event
    for each row execute function audit_event_insert_rules();

-- Which rows a key signed: append checks that no rotated-out key signs after the current one did (docs/audit.md §3).
create index audit_event_key on audit_event (key_id);
