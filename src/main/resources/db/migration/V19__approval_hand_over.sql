-- Hand-over through four eyes (issue 19): an approval request may carry the hand-over's recipient. Null = the caller
-- (as before); 'manager' or 'person' = the approved request makes a hand-over instead of a pass. recipient_id is the
-- recipient as read when the request was made: an issue whose manager differs now is refused (a new request).
alter table approval_request
    add column recipient_kind text check (recipient_kind in ('manager', 'person')),
    add column recipient_id   text,
    add column recipient_name text;

-- the approval request a hand-over came from (null: straight from the card or a new-hire batch). At pickup a
-- privileged person is allowed only for a hand-over that came from an approved request.
alter table hand_over add column approval_request_id bigint references approval_request (id);

-- no new table: V6's grants on approval_request and V17's on hand_over cover the new columns
