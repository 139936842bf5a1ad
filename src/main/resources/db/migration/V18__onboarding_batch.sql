-- New hires (issue 19): a batch of the "Starting soon" page. Settings and people as chosen; when the approval rules
-- require a second person for the settings (multi-use, a long lifetime) it waits for an Approver who is not its creator,
-- and only then are its hand-overs made (passes.HandingOver.forNewHires). Holds nothing secret: no pass, no link.
create table onboarding_batch (
    id                uuid primary key,
    created_by        text        not null,
    created_by_name   text        not null,
    created_by_upn    text        not null,
    created_by_roles  text        not null,
    created_by_wids   text        not null,
    client_address    text,
    created_at        timestamptz not null,
    lifetime_minutes  integer     not null check (lifetime_minutes between 1 and 43200),
    one_time          boolean     not null,
    people            text[]      not null check (cardinality(people) between 1 and 500),
    approval_reasons  text        not null default '',
    state             text        not null check (state in ('awaiting-approval', 'scheduling', 'scheduled')),
    decided_by        text,
    decided_by_name   text,
    decided_at        timestamptz,
    -- per person after scheduling, one line each: "<person id> scheduled <hand-over id>" or "<person id> refused <key>"
    outcomes          text,
    check (decided_by is null or decided_by <> created_by)
);
create index onboarding_batch_state on onboarding_batch (state, created_at desc);

-- V6's convention: batches are stored and move through their states; nothing deletes them
grant select, insert, update on onboarding_batch to ${approle};
