-- What the approver saw when deciding (docs/approvals.md §2). At issue time the use case reads the person again and
-- compares: a change in privilege, enabled, user type or the pass policy sends the request back for approval, with the
-- changes kept here for the request and decide pages. A pass policy is kept as a SHA-256 of its settings only.
alter table approval_request
    add column seen_privilege    text,
    add column seen_pass_id      text,
    add column seen_enabled      boolean,
    add column seen_user_type    text,
    add column seen_policy_hash  text,
    add column sent_back_changes text,
    add column withdrawn_at      timestamptz;

-- the requester may withdraw a request that is still open (pending, or approved and not yet issued)
alter table approval_request drop constraint approval_request_state_check;
alter table approval_request add constraint approval_request_state_check
    check (state in ('pending', 'approved', 'rejected', 'issued', 'withdrawn'));
-- one open request per person and requester is looked up under the person's lock (docs/approvals.md §4)
create index approval_request_open on approval_request (lower(target_id), requester_oid) where state in ('pending', 'approved');

comment on column approval_request.state is 'RequestState: pending, approved, rejected, issued, withdrawn (expired is computed, never stored)';
comment on column audit_event.outcome is 'AuditOutcome: pending, issued, revoked, already-gone, refused, failed, unknown, exported, approved, rejected, expired, repaired, withdrawn, sent-back';
-- no new table: V6's grant of select, insert, update on approval_request covers the new columns
