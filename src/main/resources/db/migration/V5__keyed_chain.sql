-- The keyed chain (docs/audit.md §1). Rows written from now on are version 2: a sequence number (the head's + 1,
-- assigned under the head's lock), the id of the key that signed them, and an HMAC-SHA256 over every column of the
-- row and the previous row's MAC (prev_hash holds that link; hash stays empty). Older rows stay version 1 and verify
-- as before; the first version 2 row links to the last version 1 hash, so they are anchored by the key too.
alter table audit_event add column seq bigint;
alter table audit_event add column chain_version smallint not null default 1;
alter table audit_event add column key_id text;
alter table audit_event add column mac text;
alter table audit_event alter column hash drop not null;
alter table audit_event alter column chain_version drop default;
create unique index audit_event_seq on audit_event (seq);

comment on column audit_event.seq is 'version 2: 1, 2, 3, ... without gaps (id may have gaps: rolled-back inserts)';
comment on column audit_event.prev_hash is 'the previous row''s hash (version 1) or MAC (version 2): the link';
comment on column audit_event.hash is 'version 1 only: SHA-256 over the content and prev_hash';
comment on column audit_event.mac is 'version 2 only: HMAC-SHA256 with key key_id over every column and prev_hash';

-- The head: version 1 keeps last_id, last_hash (the newest row's hash) and mac (HMAC over the key's text). Version 2
-- also keeps last_seq and key_id; last_hash is then the newest row's MAC, mac the head's own MAC (AuditChain.headMac).
alter table audit_head add column chain_version smallint not null default 1;
alter table audit_head add column last_seq bigint not null default 0;
alter table audit_head add column key_id text;
