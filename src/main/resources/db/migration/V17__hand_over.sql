-- Hand-over (issue 19, handover/HandOvers): the pass never travels through the caller. The agent (or the new-hire
-- batch) stores a hand-over; the recipient (the person's manager, or the person on a device where they are still
-- signed in) opens a pickup link, signs in through the confirmation app and presses "Show the pass": only then is the
-- pass created. Nothing secret is ever stored here: the link's token only as a SHA-256 hash, and no pass at all.
-- A pickup moves the state with one conditional UPDATE from 'sent' (two pickups: one wins).
create table hand_over (
    id               bigserial   primary key,
    kind             text        not null check (kind in ('service-desk', 'onboarding')),
    recipient_kind   text        not null check (recipient_kind in ('manager', 'person')),
    -- the recipient as read when the hand-over was made; at pickup it is read again and must still be this one
    recipient_id     text        not null,
    recipient_upn    text,
    recipient_name   text,
    person_id        text        not null,
    person_upn       text,
    person_name      text,
    -- who made it (the agent; for a new-hire batch, the operator who scheduled it)
    operator_oid     text        not null,
    operator_upn     text        not null,
    operator_name    text,
    -- the operator's app roles and Entra directory roles (wids) when it was made: the guardrails at pickup judge the
    -- request as that operator's (comma-separated; never widened at pickup)
    operator_roles   text        not null default '',
    operator_wids    text        not null default '',
    ticket           text,
    lifetime_minutes integer     not null check (lifetime_minutes between 1 and 43200),
    one_time         boolean     not null,
    pass_start       timestamptz,
    -- the working pass the agent confirmed replacing (by id), or null: any other working pass at pickup refuses
    replace_pass_id  text,
    -- the pickup link: made when it is sent (new hires: at send time), void when a new one is made
    link_hash        text        unique,
    link_send_at     timestamptz,
    link_expires     timestamptz not null,
    link_sent_at     timestamptz,
    link_channel     text,
    state            text        not null check (state in ('scheduled', 'sent', 'picked-up', 'issued', 'unknown',
                                                           'failed', 'refused', 'revoked', 'expired')),
    -- a word saying why it ended refused or failed (a message key), never a claim or a secret
    end_reason       text,
    caller_check_id  uuid        references caller_check (id),
    batch_id         uuid,
    created_at       timestamptz not null,
    picked_up_at     timestamptz,
    picked_up_by     text,
    revoked_at       timestamptz,
    revoked_by       text,
    action_id        uuid,
    check (link_expires > created_at),
    check ((state in ('scheduled')) or link_hash is not null or state in ('revoked', 'expired', 'refused'))
);
create index hand_over_person on hand_over (lower(person_id), created_at desc);
create index hand_over_batch on hand_over (batch_id) where batch_id is not null;

-- the outbox may now carry a pickup link (a link, never a pass: the pass is made when the link is used)
alter table outbox_message drop constraint outbox_message_kind_check;
alter table outbox_message add constraint outbox_message_kind_check check (kind in ('notice-issue', 'notice-replace',
    'notice-revoke', 'notice-unknown', 'alert', 'pickup-link'));

-- V6's convention: hand-overs are stored and move through their states; nothing deletes them (they are evidence)
grant select, insert, update on hand_over to ${approle};
grant usage on sequence hand_over_id_seq to ${approle};
