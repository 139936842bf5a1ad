-- Single-use tokens of the card's issue form, shared by every instance: minted when a card is shown, bound to the
-- operator and the person (not to the session, whose id changes at re-authentication, and whose copy each concurrent
-- request loads on its own), spent by one conditional UPDATE. Only a SHA-256 of the token is kept.
create table issue_form_token (
    token_hash   text        primary key,
    operator_oid text        not null,
    person_id    text        not null,
    created_at   timestamptz not null,
    spent_at     timestamptz
);
create index issue_form_token_created on issue_form_token (created_at);
