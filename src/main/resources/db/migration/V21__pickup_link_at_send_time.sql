-- Walk of issue 19, finding 4: a pickup link never sits in the database. The outbox row of a 'pickup-link' message
-- keeps its body with a placeholder and the hand-over it is for; the link's token is made when the mail is sent
-- (handover/OutboxPickupLinks, through outbox/PickupLinkMinting), a new one on every attempt, the old one void.
alter table outbox_message add column hand_over_id bigint references hand_over (id);

-- The Teams message (sent at once from the agent's account, never stored) carries a token of its own, so that the
-- mail's token, made later by the outbox, does not void it. Only the SHA-256 hash is kept, as for link_hash.
alter table hand_over add column teams_link_hash text unique;

-- A service-desk hand-over is 'sent' before the outbox makes its mail's link: 'sent' no longer implies a link_hash.
do $$
declare c text;
begin
    for c in select conname from pg_constraint
             where conrelid = 'hand_over'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%link_hash%'
    loop
        execute format('alter table hand_over drop constraint %I', c);
    end loop;
end $$;
alter table hand_over add constraint hand_over_link_before_pickup check (
    state in ('scheduled', 'sent', 'revoked', 'expired', 'refused') or link_hash is not null or teams_link_hash is not null);
