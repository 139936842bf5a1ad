-- What a manager's confirmation covers (docs/verification.md §3): the manager was shown a ticket and a pass (lifetime,
-- one-time or not), and confirmed that; the check allows only a request for that ticket, no longer, and multi-use
-- only if the manager saw multi-use. Null for the checks the agent records alone (they cover any request of their tier).
alter table caller_check
    add column bound_ticket           text,
    add column bound_lifetime_minutes integer,
    add column bound_one_time         boolean;
-- no new table: V11's grant of select, insert, update on caller_check covers the new columns
