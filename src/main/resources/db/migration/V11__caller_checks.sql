-- How the caller was checked, as a record TapDesk creates and observes (verification/CallerChecks,
-- docs/verification.md): bound to one operator and one person, of a tier, expiring, and consumed once by the action it
-- allowed (an issued pass, an unknown outcome, an approval request) with one conditional UPDATE, so two instances
-- consume it once. The evidence says what was checked (the number called back, who confirmed), never a secret.
create table caller_check (
    id           uuid        primary key,
    operator_oid text        not null,
    operator_upn text        not null,
    person_id    text        not null,
    person_upn   text,
    method       text        not null check (method in ('callback', 'in-person', 'video', 'manager', 'verified-id')),
    tier         text        not null check (tier in ('low', 'medium', 'high')),
    evidence     text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    -- claimed by an issue under way (claimed_by set, consumed_at null) or consumed for good (both set)
    claimed_by   text,
    consumed_at  timestamptz,
    check (expires_at > created_at)
);
create index caller_check_usable on caller_check (lower(person_id), operator_oid, expires_at) where claimed_by is null;

-- the request an approval was asked with: the approved request is issued by its requester without a second check
alter table approval_request add column caller_check_id uuid references caller_check (id);

-- the app role records, claims and consumes checks; nothing deletes them (they are evidence)
grant select, insert, update on caller_check to ${approle};
