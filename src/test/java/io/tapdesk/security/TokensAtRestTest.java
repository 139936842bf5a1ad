package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * The operators' tokens are out of reach in PostgreSQL (issue #15 item 2): shared by every instance, sealed with the
 * token key, gone at sign-out; sessions are JSON (sealed too), never Java serialisation.
 */
class TokensAtRestTest extends StackTest {

    @Autowired
    JdbcClient sql;

    @Autowired
    TokenCipher cipher;

    @Test
    void noRowOfAnyTableHoldsTheOperatorsTokenInClearAndSignOutRemovesIt() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        var card = web.get("/users/" + DemoPeople.ADELE.id());
        assertThat(card.statusCode()).isEqualTo(200);
        List<String> tokens = new ArrayList<>(STACK.graph().state().accessTokens());
        assertThat(tokens).as("the stand-in saw the operator's tokens").isNotEmpty();

        assertThat(storedClients("helpdesk@contoso.test")).as("one shared, sealed row for the operator").isEqualTo(1);
        List<String> rows = everyRowOfEveryTable();
        assertThat(rows).as("rows read").hasSizeGreaterThan(10);
        for (String token : tokens) {
            byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
            String hex = HexFormat.of().formatHex(bytes);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            // a JWT's signature part alone is enough to use nothing, but its whole is a credential: look for all three
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(rows).noneSatisfy(row -> assertThat(row).containsAnyOf(token, hex, base64, signature,
                    HexFormat.of().formatHex(signature.getBytes(StandardCharsets.UTF_8))));
        }

        web.postFrom(web.get("/"), "/logout", Map.of());
        assertThat(storedClients("helpdesk@contoso.test")).as("sign-out removes the operator's tokens").isZero();
    }

    @Test
    void sessionAttributesAreSealedJsonNeverJavaSerialisation() {
        WebSession web = session();
        web.signIn(DemoOperators.HELPDESK);
        web.get("/users/" + DemoPeople.ADELE.id());
        String sessionId = new String(Base64.getDecoder().decode(web.cookie("SESSION")));

        List<byte[]> attributes = sql.sql("select a.attribute_bytes from spring_session_attributes a "
                        + "join spring_session s on s.primary_id = a.session_primary_id where s.session_id = ?")
                .param(sessionId).query(byte[].class).list();

        assertThat(attributes).isNotEmpty().allSatisfy(stored -> {
            assertThat(stored[0] & 0xff).as("not a Java serialisation stream").isNotEqualTo(0xac);
            String json = new String(cipher.open(stored, "spring_session_attributes".getBytes(StandardCharsets.US_ASCII)),
                    StandardCharsets.UTF_8);
            assertThat(json).matches("(?s)^[\\[{\"].*");
        });
        assertThat(attributes).anySatisfy(stored -> assertThat(new String(cipher.open(stored,
                "spring_session_attributes".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8))
                .contains("OAuth2AuthenticationToken").contains("Hana Helpdesk"));
    }

    private long storedClients(String principal) {
        return sql.sql("select count(*) from oauth2_authorized_client where principal_name = ?").param(principal)
                .query(Long.class).single();
    }

    /** Every row of every table TapDesk may read, as PostgreSQL prints it (bytea as hex). */
    private List<String> everyRowOfEveryTable() {
        List<String> tables = sql.sql("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                + "where n.nspname = 'public' and c.relkind = 'r' and has_table_privilege(c.oid, 'select')")
                .query(String.class).list();
        assertThat(tables).contains("spring_session", "spring_session_attributes", "oauth2_authorized_client", "audit_event");
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(sql.sql("select t::text from \"" + table + "\" t").query(String.class).list());
        }
        return rows;
    }
}
