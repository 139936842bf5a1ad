-- The outbox (docs/architecture.md §1, outbox/Outbox): one row per message TapDesk sends, written in the same
-- transaction as the job that sends it. Never a pass value: a notice says that a pass was issued, by whom, when.
-- last_error holds Graph's status, code and request ids only, never a response body.
create table outbox_message (
    id          bigserial   primary key,
    kind        text        not null check (kind in ('notice-issue', 'notice-replace', 'notice-revoke', 'notice-unknown', 'alert')),
    recipients  text        not null,
    subject     text        not null,
    body        text        not null,
    language    text        not null,
    state       text        not null check (state in ('queued', 'sent', 'dead')),
    attempts    int         not null default 0,
    last_error  text,
    created_at  timestamptz not null,
    sent_at     timestamptz,
    action_id   uuid,
    person_id   text
);
create index outbox_message_created on outbox_message (created_at);

-- db-scheduler's own table, as its postgresql_tables.sql has it (with the nullable execution_time and the state
-- column of its later migrations, which 16.7.1 leaves alone, so an upgrade needs no migration): the one-time job per
-- message; each execution is picked by one instance (a conditional update on version).
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    state                text,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- V6's convention: messages are written and move through their states, never deleted by the app; the scheduler
-- inserts, picks, reschedules and removes its executions
grant select, insert, update on outbox_message to ${approle};
grant usage on sequence outbox_message_id_seq to ${approle};
grant select, insert, update, delete on scheduled_tasks to ${approle};
