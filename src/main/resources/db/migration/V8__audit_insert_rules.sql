-- Only keyed rows are appended, each after the newest (docs/audit.md §1, §6). TapDesk's own appends always do both; the
-- rule stops the app role's credentials from placing a forged unkeyed row, or a row under an id of its choosing,
-- among the rows the key anchors. The owner could switch it off: the verifier still names such rows, and a repair
-- row signs exactly the rows it was written over.
create function audit_event_insert_rules() returns trigger language plpgsql as $$
begin
    if new.chain_version is distinct from 2 or new.seq is null or new.key_id is null or new.mac is null
            or new.hash is not null then
        raise exception 'audit_event takes keyed rows only (chain_version 2, with seq, key_id and mac)';
    end if;
    if new.id <= (select coalesce(max(id), 0) from audit_event) then
        raise exception 'audit_event rows are appended after the newest: id % is not', new.id;
    end if;
    return new;
end;
$$;
create trigger audit_event_insert_rules before insert on audit_event
    for each row execute function audit_event_insert_rules();
