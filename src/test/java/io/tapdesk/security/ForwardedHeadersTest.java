package io.tapdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.tapdesk.support.ForwardedHeaders;
import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/**
 * Forwarded headers over real HTTP on the shared context, which trusts {@link ForwardedHeaders#PROXY_ADDRESS} as its
 * proxy: from any other address they are ignored (the audit records the socket's peer; every redirect of the sign-in
 * and its redirect_uri stay on tapdesk.public-base-url), and from the proxy the client address is taken, with the proxy
 * beside it.
 */
class ForwardedHeadersTest extends StackTest {

    @Autowired
    JdbcClient sql;

    static final Map<String, String> FORGED = Map.of("X-Forwarded-For", "=HYPERLINK(\"http://evil.example\")",
            "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443");

    @Test
    void forgedHeadersFromAClientAreIgnoredForTheAuditAndTheSignInRedirects() {
        WebSession auditor = session();
        FORGED.forEach(auditor::withHeader);

        var start = auditor.signIn(DemoOperators.AUDITOR);

        assertThat(start.statusCode()).isEqualTo(200);
        // every address the app sent the browser to is on the public URL, the provider's redirect_uri too
        List<String> locations = auditor.trail().stream().filter(t -> t.contains("Location: "))
                .map(t -> t.substring(t.indexOf("Location: ") + 10)).toList();
        assertThat(locations).isNotEmpty().noneSatisfy(l -> assertThat(l).contains("evil.example"));
        assertThat(locations).filteredOn(l -> l.startsWith("http") && !l.startsWith(STACK.issuer()))
                .allSatisfy(l -> assertThat(l).startsWith(STACK.appUrl() + "/"));
        assertThat(locations).filteredOn(l -> l.startsWith(STACK.issuer() + "/oauth2/authorize"))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("redirect_uri="
                        + STACK.appUrl() + "/login/oauth2/code/entra&"));

        long before = exportRows();
        var page = auditor.get("/audit/export");
        assertThat(auditor.postFrom(page, "/audit/export", Map.of()).statusCode()).isEqualTo(200);

        assertThat(exportRows()).isEqualTo(before + 1);
        assertThat(lastExportAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void anAnonymousRequestWithAForgedHostIsSentToSignInOnThePublicUrl() {
        WebSession anonymous = session();
        FORGED.forEach(anonymous::withHeader);
        anonymous.withHeader("Forwarded", "for=6.6.6.6;host=evil.example;proto=https");

        var page = anonymous.get("/users/" + DemoPeople.ADELE.id());
        assertThat(page.uri().toString()).startsWith(STACK.issuer() + "/login");
        assertThat(anonymous.trail()).noneSatisfy(t -> assertThat(t).contains("evil.example"));
    }

    @Test
    void theConfiguredProxysHeadersAreHonouredAndTheAuditKeepsTheProxyBesideTheClient() {
        WebSession auditor = session();
        auditor.signIn(DemoOperators.AUDITOR);
        var page = auditor.get("/audit/export");
        long before = exportRows();

        String answer = ForwardedHeaders.fromProxy("POST", STACK.appUrl() + "/audit/export",
                Map.of("Cookie", "SESSION=" + auditor.cookie("SESSION"), "X-Forwarded-For", "203.0.113.9"),
                "_csrf=" + URLEncoder.encode(WebSession.csrf(page), StandardCharsets.UTF_8));

        assertThat(ForwardedHeaders.status(answer)).as(answer).isEqualTo(200);
        assertThat(exportRows()).isEqualTo(before + 1);
        assertThat(lastExportAddress()).isEqualTo("203.0.113.9 (via " + ForwardedHeaders.PROXY_ADDRESS + ")");
    }

    @Test
    void theProxysForwardedHostDoesNotMoveTheSignInOffThePublicUrl() {
        String answer = ForwardedHeaders.fromProxy("GET", STACK.appUrl() + "/users/" + DemoPeople.ADELE.id(),
                Map.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "other.example", "X-Forwarded-Proto", "https"), null);

        assertThat(ForwardedHeaders.status(answer)).isEqualTo(302);
        assertThat(ForwardedHeaders.header(answer, "Location")).isEqualTo(STACK.appUrl() + "/oauth2/authorization/entra");
    }

    private long exportRows() {
        return sql.sql("select count(*) from audit_event where kind = 'export'").query(Long.class).single();
    }

    private String lastExportAddress() {
        return sql.sql("select client_address from audit_event where kind = 'export' order by id desc limit 1")
                .query(String.class).single();
    }
}
