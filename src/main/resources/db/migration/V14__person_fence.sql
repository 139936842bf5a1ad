-- A fence: no new pass for this person until it ends (until_at) or a TapDesk.Admin lifts it with a reason (issue 17:
-- the person's manager answered "This is not right"). One row per incident; a person is fenced while any row of theirs
-- is neither lifted nor past its end. Lifting is one conditional UPDATE (lifted_at is null), so two Admins lifting at
-- once lift it once. Rows are kept after they end or are lifted: they are the incidents the Approvers' banner lists.
create table person_fence (
    id                uuid        primary key,
    person_id         text        not null,
    person_upn        text,
    person_name       text,
    reason            text        not null,   -- why the fence exists, a stored word: manager-not-right
    created_at        timestamptz not null,
    until_at          timestamptz not null,
    reported_by_oid   text        not null,   -- who said "This is not right" (the person's manager)
    reported_by_upn   text,
    reported_by_name  text,
    operator_oid      text,                   -- the operator who asked the manager
    operator_upn      text,
    operator_name     text,
    ticket            text,
    reporter_address  text,
    report_text       text,                   -- what the manager typed, if anything
    lifted_at         timestamptz,
    lifted_by_oid     text,
    lifted_by_upn     text,
    lifted_reason     text,
    check ((lifted_at is null) = (lifted_by_oid is null))
);
create index person_fence_active on person_fence (person_id, until_at) where lifted_at is null;
create index person_fence_created on person_fence (created_at);

-- the app role records, reads and lifts fences; never deletes them (docs/audit.md §4's convention)
grant select, insert, update on person_fence to ${approle};
