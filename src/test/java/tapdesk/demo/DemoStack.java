package tapdesk.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import tapdesk.demo.graph.GraphStandIn;
import tapdesk.demo.idp.DemoIdentityProvider;
import tapdesk.demo.verifiedid.VerifiedIdStandIn;

/**
 * Everything TapDesk talks to, without a tenant: the Graph stand-in and the demo identity provider, plus the
 * properties that point the app at them. The demo and the tests use the same pieces.
 */
public final class DemoStack {

    private static DemoStack shared;

    /** The demo's and the tests' audit key: 32 random bytes, made anew in each JVM (the database is new too). */
    public static final String AUDIT_KEY = newKey();

    /** The key sealing the sign-in cookies, shared by every instance of this JVM (as a multi-instance install must). */
    public static final String COOKIE_KEY = newKey();
    /** The demo's and the tests' token key (the operators' tokens and sessions, sealed in PostgreSQL), made anew too. */
    public static final String TOKEN_KEY = newKey();

    /** The roles of the demo's and the tests' databases (docs/audit.md §4); test-only passwords. */
    public static final String OWNER_ROLE = "tapdesk_owner";
    public static final String APP_ROLE = "tapdesk_app";
    public static final String OWNER_PASSWORD = "owner-demo-password";
    public static final String APP_PASSWORD = "app-demo-password";

    private final GraphStandIn graph;
    private final VerifiedIdStandIn verifiedId;
    private final ConfigurableApplicationContext idp;
    private final EmbeddedPostgres database;
    private final int appPort;
    private final int managementPort;

    private final int[] instancePorts;

    private DemoStack(GraphStandIn graph, VerifiedIdStandIn verifiedId, ConfigurableApplicationContext idp,
                      EmbeddedPostgres database, int appPort, int managementPort, int[] instancePorts) {
        this.verifiedId = verifiedId;
        this.instancePorts = instancePorts;
        this.graph = graph;
        this.idp = idp;
        this.database = database;
        this.appPort = appPort;
        this.managementPort = managementPort;
    }

    /** Starts the stand-in and the identity provider; 0 picks a free port. */
    public static DemoStack start(int graphPort, int idpPort, int appPort, int managementPort, Duration accessTokenTtl) {
        int app = appPort == 0 ? freePort() : appPort;
        int management = managementPort == 0 ? freePort() : managementPort;
        GraphStandIn graph = GraphStandIn.start(graphPort);
        // two more addresses for further instances (several instances behind one balancer, in the tests)
        int[] more = {freePort(), freePort()};
        var idp = DemoIdentityProvider.start(idpPort, java.util.List.of("http://127.0.0.1:" + app,
                "http://127.0.0.1:" + more[0], "http://127.0.0.1:" + more[1]), accessTokenTtl);
        // the Verified ID Request Service stand-in ("Get verified", issue 18) on a free port
        return new DemoStack(graph, VerifiedIdStandIn.start(0), idp, startDatabase(), app, management, more);
    }

    /** One stack per test JVM, so every test's Spring context points at the same ports and is cached. */
    public static synchronized DemoStack shared() {
        if (shared == null) {
            // short-lived access tokens: every test that calls Graph also exercises the refresh token
            shared = start(0, 0, 0, 0, Duration.ofSeconds(30));
        }
        return shared;
    }

    public GraphStandIn graph() {
        return graph;
    }

    /** The Verified ID Request Service stand-in; its requests are what the demo wallet answers. */
    public VerifiedIdStandIn verifiedId() {
        return verifiedId;
    }

    public String issuer() {
        return "http://localhost:" + idp.getEnvironment().getProperty("local.server.port");
    }

    /** The port of further instance {@code n} (0 or 1), whose address the identity provider accepts too. */
    public int instancePort(int n) {
        return instancePorts[n];
    }

    public String appUrl() {
        return "http://127.0.0.1:" + appPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /**
     * Log levels as in production. The test classpath's logback-test.xml turns DEBUG on for Spring's web and security
     * layers and the Graph SDK, so the leak test sees what a verbose log would hold; the demo, the benchmark and the
     * load run should not pay for building those lines.
     */
    private static Map<String, String> productionLogging() {
        Map<String, String> p = new LinkedHashMap<>();
        for (String logger : List.of("org.springframework.web", "org.springframework.security", "com.microsoft", "okhttp3")) {
            p.put("logging.level." + logger, "INFO");
        }
        return p;
    }

    /**
     * Command-line arguments for an app of the demo, the benchmark or the load run on this stack: its settings, log
     * levels as in production, then {@code overrides}, then {@code extra} (what the user typed); later ones win. A
     * {@code --key=value} in {@code extra} replaces the stack's value for that key: Spring joins two values of one
     * command-line option with a comma, which made an override such as {@code --tapdesk.graph.base-url=…} a broken
     * URL. Other arguments ({@code --debug}, non-options) are passed on as given.
     */
    public String[] appArguments(Map<String, String> overrides, String... extra) {
        Map<String, String> all = new LinkedHashMap<>(appProperties());
        all.putAll(productionLogging());
        all.putAll(overrides);
        List<String> passedOn = new java.util.ArrayList<>();
        for (String argument : extra) {
            int equals = argument.indexOf('=');
            if (argument.startsWith("--") && equals > 2) {
                String key = argument.substring(2, equals);
                all.remove(key);
                all.put(key, argument.substring(equals + 1));
            } else {
                passedOn.add(argument);
            }
        }
        return java.util.stream.Stream.concat(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
                passedOn.stream()).toArray(String[]::new);
    }

    /** TapDesk's settings for this stack: the same keys an operator sets for a real tenant. */
    public Map<String, String> appProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.security.oauth2.client.registration.entra.client-id", DemoIdentityProvider.CLIENT_ID);
        p.put("spring.security.oauth2.client.registration.entra.client-secret", DemoIdentityProvider.CLIENT_SECRET);
        // the confirmation app's registration (the person's manager signs in there; issue 17)
        p.put("spring.security.oauth2.client.registration.confirm.client-id", DemoIdentityProvider.CONFIRM_CLIENT_ID);
        p.put("spring.security.oauth2.client.registration.confirm.client-secret", DemoIdentityProvider.CONFIRM_CLIENT_SECRET);
        p.put("spring.security.oauth2.client.provider.entra.issuer-uri", issuer());
        p.put("tapdesk.graph.base-url", graph.baseUrl());
        p.put("server.address", "127.0.0.1");
        p.put("server.port", Integer.toString(appPort));
        // the address browsers use: the sign-in's redirects and redirect_uri are built from it (an instance on another
        // port, or a --server.port on the demo's command line, follows)
        p.put("tapdesk.public-base-url", "http://127.0.0.1:${server.port}");
        p.put("tapdesk.cookie-key", COOKIE_KEY);
        p.put("management.server.port", Integer.toString(managementPort));
        p.put("management.server.address", "127.0.0.1");
        // the demo runs over plain http on loopback: cookies are Secure only when a request is https
        p.put("tapdesk.secure-cookies", "false");
        // the app-only credential (DemoAppOnlyCredential) asks the demo provider
        p.put("demo.idp.token-uri", issuer() + "/oauth2/token");
        p.put("tapdesk.guardrails.protected-groups", DemoPeople.EXECUTIVES_GROUP);
        p.put("spring.datasource.url", jdbcUrl());
        // two roles, as in production (docs/audit.md §4): the app may not change audit rows; Flyway migrates as the owner
        p.put("spring.datasource.username", APP_ROLE);
        p.put("spring.datasource.password", APP_PASSWORD);
        p.put("spring.flyway.user", OWNER_ROLE);
        p.put("spring.flyway.password", OWNER_PASSWORD);
        p.put("tapdesk.audit.key", AUDIT_KEY);
        p.put("tapdesk.token-key", TOKEN_KEY);
        p.put("tapdesk.approval.business-zone", "Europe/Amsterdam");
        // "Get verified" (issue 18): the Request Service stand-in, the demo tenant's authority, offered for its people
        p.put("tapdesk.verified-id.base-url", verifiedId.baseUrl());
        p.put("tapdesk.verified-id.authority", VerifiedIdStandIn.AUTHORITY);
        p.put("tapdesk.verified-id.people", "contoso.test");
        // new hires (issue 19): the demo's zone, two countries of their own, the methods read in batches 20 ms apart
        p.put("tapdesk.onboarding.enabled", "true");
        p.put("tapdesk.onboarding.zone", "Europe/Amsterdam");
        p.put("tapdesk.onboarding.zones-by-usage-location.NL", "Europe/Amsterdam");
        p.put("tapdesk.onboarding.zones-by-usage-location.US", "America/New_York");
        p.put("tapdesk.onboarding.methods-batch-spacing", "20ms");
        p.put("tapdesk.onboarding.methods-max-retry-after", "2s");
        return p;
    }

    /** A real PostgreSQL from Maven Central's binaries (zonky), in a fresh temporary folder. */
    private static EmbeddedPostgres startDatabase() {
        try {
            EmbeddedPostgres database = EmbeddedPostgres.builder().start();
            createRoles(database);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EmbeddedPostgres database() {
        return database;
    }

    /** The database's address without a user: the user comes from spring.datasource.username / spring.flyway.user. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public static String jdbcUrl(EmbeddedPostgres database) {
        return "jdbc:postgresql://localhost:" + database.getPort() + "/postgres";
    }

    /**
     * Flyway for a test's own database, as the app's: the two roles exist, it migrates as the owner and grants to the
     * app role.
     */
    public static FluentConfiguration flyway(EmbeddedPostgres database) {
        createRoles(database);
        return Flyway.configure().dataSource(database.getDatabase(OWNER_ROLE, "postgres"))
                .placeholders(Map.of("approle", APP_ROLE));
    }

    /** The app role's connections to a test's own database: what TapDesk may do, and no more. */
    public static DataSource appDataSource(EmbeddedPostgres database) {
        createRoles(database);
        return database.getDatabase(APP_ROLE, "postgres");
    }

    /**
     * The owner and app roles on a fresh database (idempotent), as docker/initdb does for docker compose; only the
     * owner may create in schema public.
     */
    public static void createRoles(EmbeddedPostgres database) {
        try (var c = database.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("do $$ begin "
                    + "if not exists (select from pg_roles where rolname = '" + OWNER_ROLE + "') then "
                    + "create role " + OWNER_ROLE + " login password '" + OWNER_PASSWORD + "'; end if; "
                    + "if not exists (select from pg_roles where rolname = '" + APP_ROLE + "') then "
                    + "create role " + APP_ROLE + " login password '" + APP_PASSWORD + "'; end if; end $$");
            s.execute("revoke create on schema public from public");
            s.execute("grant usage, create on schema public to " + OWNER_ROLE);
            s.execute("grant usage on schema public to " + APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database roles", e);
        }
    }

    /** A real audit key, as {@code openssl rand -base64 32} makes one. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
