package io.tapdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tapdesk.directory.DirectoryUser;
import io.tapdesk.directory.IssuedPass;
import io.tapdesk.directory.MethodsAndPass;
import io.tapdesk.directory.PassSecret;
import io.tapdesk.directory.PassStatus;
import io.tapdesk.graph.GraphGateway;
import io.tapdesk.graph.GraphToken;
import io.tapdesk.security.OperatorTokens;
import io.tapdesk.support.TestHours;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tapdesk.demo.DemoClock;
import tapdesk.demo.DemoStack;

/**
 * Fail closed, on a PostgreSQL of its own that the test breaks: no intent row means no Graph call; a database that
 * dies mid-flow leaves no outcome row claiming a pass; a database that is away means TapDesk's own 503.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(DemoClock.class)
class FailClosedTest {

    static final String USER = "5e1f0c2a-7d3b-4c8e-9a61-000000000001";
    static final Path DATA;
    static final int PORT;
    static EmbeddedPostgres postgres;

    static {
        try {
            DATA = Files.createTempDirectory("tapdesk-failclosed-pg");
            try (ServerSocket socket = new ServerSocket(0)) {
                PORT = socket.getLocalPort();
            }
            postgres = start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static EmbeddedPostgres start() throws Exception {
        EmbeddedPostgres database = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false)
                .setPort(PORT).start();
        // the app connects as the app role, Flyway as the owner (DemoStack's properties, docs/audit.md §4)
        DemoStack.createRoles(database);
        return database;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DemoStack.shared().appProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.datasource.url", () -> DemoStack.jdbcUrl(postgres));
        TestHours.aroundTheClock(registry);
        // Graph is mocked (no app-only credential behind it): the start-up rule that demands one for PIM reads is
        // CardReaderTest's; here eligibility checks are off
        registry.add("tapdesk.guardrails.eligibility-checks", () -> "false");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GraphGateway graph;

    @MockitoBean
    OperatorTokens tokens;

    static OidcLoginRequestPostProcessor helpdesk() {
        return oidcLogin().idToken(t -> t.claim("oid", "5e1f0c2a-7d3b-4c8e-9a61-000000000020").claim("preferred_username", "helpdesk@contoso.test")
                        // just signed in: roles just read, recent enough to issue (security/RoleRecheck, FreshSignIn)
                        .issuedAt(java.time.Instant.now()).authTime(java.time.Instant.now()))
                .authorities(new SimpleGrantedAuthority("ROLE_TapDesk.Helpdesk"));
    }

    /** Spring Session keeps the session in PostgreSQL and finds it by its cookie. */
    jakarta.servlet.http.Cookie sessionCookie;

    org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder withSession(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) {
        return sessionCookie == null ? request : request.cookie(sessionCookie);
    }

    String issueToken(MockHttpSession session) throws Exception {
        var response = mvc.perform(withSession(get("/users/" + USER)).with(helpdesk())).andReturn().getResponse();
        if (response.getCookie("SESSION") != null) {
            sessionCookie = response.getCookie("SESSION");
        }
        String card = response.getContentAsString();
        Matcher m = Pattern.compile("name=\"issueToken\"[^>]*value=\"([^\"]+)\"").matcher(card);
        assertThat(m.find()).as("issue token on the card (" + response.getStatus() + "): "
                + card.substring(0, Math.min(card.length(), 3000)).replaceAll("\\s+", " ")).isTrue();
        // the agent checks the caller (an audited row of its own) before the issue
        var checked = mvc.perform(withSession(post("/users/" + USER + "/caller-checks")).with(helpdesk()).with(csrf())
                .param("method", "in-person").param("note", "passport, photo matches")).andReturn().getResponse();
        assertThat(checked.getRedirectedUrl()).as("caller check recorded").endsWith("#caller-check");
        return m.group(1);
    }

    org.springframework.mock.web.MockHttpServletResponse issue(MockHttpSession session, String token) throws Exception {
        return mvc.perform(withSession(post("/users/" + USER + "/passes")).with(helpdesk()).with(csrf())
                .param("issueToken", token).param("lifetimeMinutes", "60").param("oneTime", "true")
                .param("ticket", "INC-1")).andReturn().getResponse();
    }

    /** A card that renders, session saved: pooled connections from before the outage have been replaced. */
    boolean cardWorks() {
        try {
            return mvc.perform(get("/users/" + USER).with(helpdesk())).andReturn().getResponse().getStatus() == 200;
        } catch (Exception staleConnection) {
            return false;
        }
    }

    int rows(String where) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select count(*) from audit_event where " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    void exec(String statement) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Autowired
    java.time.Clock clock;

    @Test
    void runsOnTheTestsBusinessClock() {
        assertThat(clock).isSameAs(DemoClock.shared());
    }

    static OidcLoginRequestPostProcessor auditor() {
        return oidcLogin().idToken(t -> t.claim("oid", "5e1f0c2a-7d3b-4c8e-9a61-000000000030").claim("preferred_username", "auditor@contoso.test")
                        // just signed in: roles just read, recent enough to issue (security/RoleRecheck, FreshSignIn)
                        .issuedAt(java.time.Instant.now()).authTime(java.time.Instant.now()))
                .authorities(new SimpleGrantedAuthority("ROLE_TapDesk.Auditor"));
    }

    /**
     * The security review's forgery through the app: five genuine rows (exports); with the database's credentials only,
     * disable the trigger, delete two rows, edit one, recompute the hashes, set the head, enable the trigger. The
     * verify page names the row before and after one more ordinary action (an export), which is refused.
     */
    @Test
    void theReviewsForgeryIsNamedAndTheNextExportRefused() throws Exception {
        emptyTrail();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(mvc.perform(post("/audit/export").with(auditor()).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(200);
            }
            List<Long> ids = ids();
            assertThat(ids).hasSize(5);
            exec("alter table audit_event disable trigger audit_event_no_update");
            exec("delete from audit_event where id in (" + ids.get(1) + ", " + ids.get(3) + ")");
            exec("update audit_event set detail = 'forged' where id = " + ids.get(2));
            String link = string("select mac from audit_event where id = " + ids.get(0));
            long seq = 1;
            for (long id : List.of(ids.get(2), ids.get(4))) {
                String mac = sha256(string("select detail from audit_event where id = " + id) + link);
                seq++;
                exec("update audit_event set prev_hash = '" + link + "', mac = '" + mac + "', seq = " + seq + " where id = " + id);
                link = mac;
            }
            exec("update audit_head set last_id = " + ids.get(4) + ", last_seq = " + seq + ", last_hash = '" + link + "'");
            exec("alter table audit_event enable trigger audit_event_no_update");

            assertThat(verifyPage()).contains("id=\"chain-broken\"", "row #" + ids.get(2));

            var export = mvc.perform(post("/audit/export").with(auditor()).with(csrf())).andReturn().getResponse();
            assertThat(export.getStatus()).isEqualTo(503);
            assertThat(export.getContentAsString()).contains("id=\"audit-damaged-heading\"");
            assertThat(ids()).hasSize(3);

            assertThat(verifyPage()).contains("id=\"chain-broken\"", "row #" + ids.get(2)).doesNotContain("chain-intact");

            // after the investigation an administrator re-anchors the chain (as the app role, with the key): the page
            // says intact and shows the repair with what it found, and exports are recorded again
            var out = new ByteArrayOutputStream();
            assertThat(RepairAuditCommand.run(DemoStack.jdbcUrl(postgres), DemoStack.APP_ROLE, DemoStack.APP_PASSWORD,
                    DemoStack.AUDIT_KEY, List.of(), "admin@contoso.test", "INC-77: rows deleted by hand, see the ticket",
                    new PrintStream(out, true, StandardCharsets.UTF_8))).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(verifyPage()).contains("id=\"chain-intact\"", "id=\"chain-repairs\"", "INC-77", "row #" + ids.get(2));
            assertThat(mvc.perform(post("/audit/export").with(auditor()).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(200);
            assertThat(ids()).hasSize(5);
        } finally {
            emptyTrail();
        }
    }

    /**
     * As the database's superuser: a trail as on a new install, whatever the other tests left (its id sequence never
     * used too, or TapDesk would rightly call the trail deleted: docs/audit.md §6.4).
     */
    void emptyTrail() throws Exception {
        exec("alter table audit_event disable trigger audit_event_no_update");
        exec("delete from audit_event");
        exec("alter table audit_event enable trigger audit_event_no_update");
        exec("delete from audit_head");
        exec("select setval(pg_get_serial_sequence('audit_event', 'id'), 1, false)");
    }

    String verifyPage() throws Exception {
        return mvc.perform(get("/audit/verify").with(auditor())).andReturn().getResponse().getContentAsString();
    }

    List<Long> ids() throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select id from audit_event order by id")) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    String string(String query) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A chain that does not end where its signed head says: no intent row, no Graph call, a page saying whom to call. */
    @Test
    void aDamagedTrailIssuesNothingAndSaysWhomToCall() throws Exception {
        when(tokens.current()).thenReturn(new GraphToken("t"));
        when(graph.user(any(), anyString())).thenReturn(DirectoryUser.basic(USER, "Adele Vance", "adele@contoso.test",
                "adele@contoso.test", true, "Member"));
        when(graph.currentPass(any(), anyString())).thenReturn(PassStatus.none());
        when(graph.memberships(any(), anyString())).thenReturn(List.of());
        when(graph.methods(any(), anyString())).thenReturn(new MethodsAndPass(List.of(), PassStatus.none()));
        MockHttpSession session = new MockHttpSession();
        String token = issueToken(session);
        int before = rows("true");
        // someone with the database's credentials but not the key rewrites the head
        exec("insert into audit_head (id, last_id, last_hash, mac, chain_version, last_seq, key_id) "
                + "values (1, 0, 'GENESIS', 'forged', 2, 0, 'k-000000000000') on conflict (id) do update set mac = 'forged'");
        try {
            var refused = issue(session, token);

            assertThat(refused.getStatus()).isEqualTo(503);
            assertThat(refused.getContentAsString()).contains("id=\"audit-damaged-heading\"", "DAMAGED",
                    "Call your TapDesk administrator").doesNotContain("not-recorded-heading");
            verify(graph, never()).createPass(any(), anyString(), any());
            assertThat(rows("true")).isEqualTo(before);
        } finally {
            emptyTrail();
        }
    }

    @Test
    void noIntentNoGraphCallAndADatabaseGoneMidFlowClaimsNothing() throws Exception {
        when(tokens.current()).thenReturn(new GraphToken("t"));
        when(graph.user(any(), anyString())).thenReturn(DirectoryUser.basic(USER, "Adele Vance", "adele@contoso.test",
                "adele@contoso.test", true, "Member"));
        when(graph.currentPass(any(), anyString())).thenReturn(PassStatus.none());
        when(graph.memberships(any(), anyString())).thenReturn(List.of());
        when(graph.methods(any(), anyString())).thenReturn(new MethodsAndPass(List.of(), PassStatus.none()));
        MockHttpSession session = new MockHttpSession();

        // 1. the intent row cannot be written: Graph is not called, the agent is told
        String token = issueToken(session);
        exec("alter table audit_event rename to audit_event_away");
        var refused = issue(session, token);
        exec("alter table audit_event_away rename to audit_event");
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getContentAsString()).contains("id=\"not-recorded-heading\"");
        verify(graph, never()).createPass(any(), anyString(), any());
        assertThat(rows("kind <> 'verify'")).isZero();

        // 2. the database dies between the intent and the outcome
        token = issueToken(session);
        when(graph.createPass(any(), anyString(), any())).thenAnswer(call -> {
            postgres.close();
            return new IssuedPass(new PassSecret("Zz9!mid"), PassStatus.of("p1", "EnabledByPolicy", DemoClock.shared().instant(), 60, true,
                    DemoClock.shared().instant()), "rid-1");
        });
        try {
            // the session cannot be saved either, so the agent gets an error page rather than the pass
            issue(session, token);
        } catch (Exception sessionNotSaved) {
            assertThat(sessionNotSaved).hasStackTraceContaining("Connection");
        }

        // 3. the database is away: TapDesk's own 503 page, and no pass
        Thread.sleep(2100);
        var away = mvc.perform(withSession(get("/users/" + USER)).with(helpdesk())).andReturn().getResponse();
        assertThat(away.getStatus()).isEqualTo(503);
        assertThat(away.getContentAsString()).contains("id=\"unavailable-heading\"").doesNotContain("Exception");
        var postWhileAway = issue(session, "whatever");
        assertThat(postWhileAway.getStatus()).isEqualTo(503);
        verify(graph, times(1)).createPass(any(), anyString(), any());

        // 4. back again: the intent is there, and no outcome row claims the pass
        postgres = start();
        assertThat(rows("phase = 'intent' and kind = 'issue'")).isEqualTo(1);
        assertThat(rows("phase = 'outcome'")).isZero();
        assertThat(rows("detail like '%Zz9!mid%' or ticket like '%Zz9!mid%'")).isZero();

        // 5. and normal service again, without a restart of TapDesk (once the connection pool has reconnected)
        sessionCookie = null;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        int inARow = 0;
        while (inARow < 3) {
            assertThat(System.nanoTime()).as("service back within 30 s").isLessThan(deadline);
            Thread.sleep(600);
            inARow = cardWorks() ? inARow + 1 : 0;
        }
        // three cards in a row, each reading Graph and saving its session in PostgreSQL
        assertThat(inARow).isEqualTo(3);
    }
}
