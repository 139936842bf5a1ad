-- A request for a person who already has a working pass records which pass the requester agreed to replace; the
-- approved issue replaces that pass only, and asks again if the person has another one by then.
alter table approval_request add column replace_pass_id text;

-- The stored words are those of the enums that write them (AuditAction, AuditOutcome, RequestState).
comment on column audit_event.kind is 'AuditAction: issue, replace, revoke, refused, export, request, approve, reject';
comment on column audit_event.outcome is 'AuditOutcome: pending, issued, revoked, already-gone, refused, failed, unknown, exported, approved, rejected, expired';
comment on column approval_request.state is 'RequestState: pending, approved, rejected, issued (expired is computed, never stored)';
