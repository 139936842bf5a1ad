package io.tapdesk.security;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.StringUtils;

/**
 * The operators' authorized clients (Graph access and refresh tokens) in PostgreSQL, shared by every instance, so a
 * request served by any instance has the operator's token (README "Several instances"). Spring's JDBC store
 * ({@code oauth2_authorized_client}, V10), with both token values sealed by {@link TokenCipher} (AES-GCM, bound to the
 * registration, the principal and the column): the database never holds a token in clear. A row that does not open
 * (the key was changed, or the row was tampered with) counts as no token: it is removed, and the operator's next
 * Graph call goes through a silent sign-in.
 */
class EncryptedAuthorizedClients extends JdbcOAuth2AuthorizedClientService {

    private static final Logger log = LoggerFactory.getLogger(EncryptedAuthorizedClients.class);

    EncryptedAuthorizedClients(JdbcOperations jdbc, ClientRegistrationRepository clients, TokenCipher cipher) {
        super(jdbc, clients);
        setAuthorizedClientParametersMapper(holder -> parameters(holder.getAuthorizedClient(), holder.getPrincipal().getName(), cipher));
        setAuthorizedClientRowMapper((rs, row) -> {
            String registrationId = rs.getString("client_registration_id");
            String principal = rs.getString("principal_name");
            ClientRegistration registration = clients.findByRegistrationId(registrationId);
            if (registration == null) {
                throw new DataRetrievalFailureException("no client registration " + registrationId);
            }
            var type = OAuth2AccessToken.TokenType.BEARER.getValue().equalsIgnoreCase(rs.getString("access_token_type"))
                    ? OAuth2AccessToken.TokenType.BEARER : null;
            var access = new OAuth2AccessToken(type,
                    text(cipher.open(rs.getBytes("access_token_value"), place(registrationId, principal, "access"))),
                    instant(rs.getTimestamp("access_token_issued_at")), instant(rs.getTimestamp("access_token_expires_at")),
                    StringUtils.commaDelimitedListToSet(rs.getString("access_token_scopes")));
            byte[] sealedRefresh = rs.getBytes("refresh_token_value");
            OAuth2RefreshToken refresh = sealedRefresh == null ? null : new OAuth2RefreshToken(
                    text(cipher.open(sealedRefresh, place(registrationId, principal, "refresh"))),
                    instant(rs.getTimestamp("refresh_token_issued_at")));
            return new OAuth2AuthorizedClient(registration, principal, access, refresh);
        });
    }

    @Override
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId, String principalName) {
        try {
            return super.loadAuthorizedClient(clientRegistrationId, principalName);
        } catch (TokenCipher.Unreadable e) {
            log.warn("The stored token of an operator did not open with the token key (key changed, or the row was "
                    + "altered); it is removed and the operator signs in again silently");
            removeAuthorizedClient(clientRegistrationId, principalName);
            return null;
        }
    }

    /**
     * The columns in the order of Spring's statements: the key, the access token, the refresh token. A mutable list:
     * Spring moves the key to the end for its update.
     */
    private static List<SqlParameterValue> parameters(OAuth2AuthorizedClient client, String principal, TokenCipher cipher) {
        String registrationId = client.getClientRegistration().getRegistrationId();
        OAuth2AccessToken access = client.getAccessToken();
        OAuth2RefreshToken refresh = client.getRefreshToken();
        return new ArrayList<>(Arrays.asList(
                new SqlParameterValue(Types.VARCHAR, registrationId),
                new SqlParameterValue(Types.VARCHAR, principal),
                new SqlParameterValue(Types.VARCHAR, access.getTokenType().getValue()),
                new SqlParameterValue(Types.BLOB, cipher.seal(bytes(access.getTokenValue()), place(registrationId, principal, "access"))),
                new SqlParameterValue(Types.TIMESTAMP, timestamp(access.getIssuedAt())),
                new SqlParameterValue(Types.TIMESTAMP, timestamp(access.getExpiresAt())),
                new SqlParameterValue(Types.VARCHAR, access.getScopes().isEmpty() ? null
                        : StringUtils.collectionToCommaDelimitedString(access.getScopes())),
                new SqlParameterValue(Types.BLOB, refresh == null ? null
                        : cipher.seal(bytes(refresh.getTokenValue()), place(registrationId, principal, "refresh"))),
                new SqlParameterValue(Types.TIMESTAMP, refresh == null ? null : timestamp(refresh.getIssuedAt()))));
    }

    private static byte[] place(String registrationId, String principal, String column) {
        return bytes("oauth2_authorized_client\0" + registrationId + "\0" + principal + "\0" + column);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
