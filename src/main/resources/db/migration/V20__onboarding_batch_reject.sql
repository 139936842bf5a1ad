-- Walk of issue 19, finding 3: an Approver can reject a held new-hire batch (with a reason the creator reads on the
-- batch's page); a rejected batch schedules nothing. The decision itself is audited in the chained trail.
alter table onboarding_batch drop constraint onboarding_batch_state_check;
alter table onboarding_batch add constraint onboarding_batch_state_check
    check (state in ('awaiting-approval', 'scheduling', 'scheduled', 'rejected'));
alter table onboarding_batch add column reject_reason text
    check (reject_reason is null or char_length(reject_reason) between 1 and 500);
