-- The operators' authorized clients (Spring Security's JdbcOAuth2AuthorizedClientService schema for PostgreSQL, with
-- time zones), shared by every instance. Both token values are sealed with AES-GCM under TAPDESK_TOKEN_KEY
-- (security/EncryptedAuthorizedClients): the database never holds a token in clear. Removed at sign-out.
create table oauth2_authorized_client (
    client_registration_id  varchar(100)  not null,
    principal_name          varchar(200)  not null,
    access_token_type       varchar(100)  not null,
    access_token_value      bytea         not null,
    access_token_issued_at  timestamptz   not null,
    access_token_expires_at timestamptz   not null,
    access_token_scopes     varchar(1000) default null,
    refresh_token_value     bytea         default null,
    refresh_token_issued_at timestamptz   default null,
    created_at              timestamptz   default current_timestamp not null,
    primary key (client_registration_id, principal_name)
);

grant select, insert, update, delete on oauth2_authorized_client to ${approle};
