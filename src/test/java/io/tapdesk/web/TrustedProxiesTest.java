package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The forwarded-header rules without booting anything: Tomcat's RemoteIpValve as TapDesk configures it, on Tomcat's
 * own request objects, followed by the peer valve; the audit's address from the result.
 */
class TrustedProxiesTest {

    static final Map<String, String> FORWARDED = Map.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "evil.example",
            "X-Forwarded-Proto", "https");

    record Seen(String remoteAddr, String serverName, String scheme, boolean secure, Object peer) {
    }

    static Seen through(String trusted, String peer, Map<String, String> headers) throws IOException, ServletException {
        var factory = new TomcatServletWebServerFactory();
        // as Boot makes it for server.forward-headers-strategy=native, with its default (every private range)
        var bootsValve = new RemoteIpValve();
        bootsValve.setInternalProxies("192.168.0.0/16, 172.16.0.0/12, 169.254.0.0/16, fc00::/7, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, fe80::/10, ::1/128");
        bootsValve.setProtocolHeader("X-Forwarded-Proto");
        bootsValve.setHostHeader("X-Forwarded-Host");
        bootsValve.setPortHeader("X-Forwarded-Port");
        factory.addEngineValves(bootsValve);
        new TrustedProxies(trusted, "native").customize(factory);
        var peerValve = factory.getContextValves().stream().filter(TrustedProxies.PeerAddress.class::isInstance).findFirst().orElseThrow();

        var coyote = new org.apache.coyote.Request();
        coyote.peerAddr().setString(peer);
        coyote.remoteAddr().setString(peer);
        coyote.serverName().setString("127.0.0.1");
        coyote.scheme().setString("http");
        headers.forEach((k, v) -> coyote.getMimeHeaders().addValue(k).setString(v));
        var request = new Request(new Connector(), coyote);
        request.setRemoteAddr(peer);
        request.setRemoteHost(peer);

        AtomicReference<Seen> seen = new AtomicReference<>();
        bootsValve.setNext(peerValve);
        peerValve.setNext(new ValveBase() {
            @Override
            public void invoke(Request r, Response response) {
                seen.set(new Seen(r.getRemoteAddr(), r.getServerName(), r.getScheme(), r.isSecure(), r.getAttribute(TrustedProxies.PEER_ATTRIBUTE)));
            }
        });
        bootsValve.invoke(request, null);
        return seen.get();
    }

    @Test
    void byDefaultNobodysForwardedHeadersCountNotEvenAPrivateAddresss() throws Exception {
        Seen seen = through("", "10.1.2.3", FORWARDED);

        assertThat(seen).isEqualTo(new Seen("10.1.2.3", "127.0.0.1", "http", false, "10.1.2.3"));
    }

    @Test
    void aClientThatIsNotTheProxyIsIgnored() throws Exception {
        Seen seen = through("172.30.80.0/24", "172.30.81.5", FORWARDED);

        assertThat(seen.remoteAddr()).isEqualTo("172.30.81.5");
        assertThat(seen.serverName()).isEqualTo("127.0.0.1");
        assertThat(seen.secure()).isFalse();
    }

    @Test
    void theConfiguredProxysHeadersAreHonouredAndThePeerKept() throws Exception {
        Seen seen = through("172.30.80.0/24, 10.9.9.9", "172.30.80.1", FORWARDED);

        assertThat(seen).isEqualTo(new Seen("203.0.113.9", "evil.example", "https", true, "172.30.80.1"));
        assertThat(through("172.30.80.0/24, 10.9.9.9", "10.9.9.9", FORWARDED).remoteAddr()).isEqualTo("203.0.113.9");
        assertThat(through("172.30.80.0/24, 10.9.9.9", "10.9.9.8", FORWARDED).remoteAddr()).isEqualTo("10.9.9.8");
    }

    @Test
    void aProxyNamedOnlyInTheHeadersIsNotBelieved() throws Exception {
        // the client claims to have come through another proxy: only the configured proxy's own entry counts
        Seen seen = through("172.30.80.1", "172.30.80.1", Map.of("X-Forwarded-For", "6.6.6.6, 10.0.0.7"));

        assertThat(seen.remoteAddr()).isEqualTo("10.0.0.7");
    }

    @Test
    void theSettingTakesAddressesAndRangesOnly() {
        assertThat(TrustedProxies.ranges("")).isEmpty();
        assertThat(TrustedProxies.ranges(null)).isEmpty();
        assertThat(TrustedProxies.ranges(" 172.30.80.0/24 , 10.0.0.5, fd00::/8, ::1 ")).isEqualTo("172.30.80.0/24, 10.0.0.5/32, fd00::/8, ::1/128");
        assertThatThrownBy(() -> TrustedProxies.ranges("proxy.internal")).hasMessageContaining("'proxy.internal' is not an IP address");
        assertThatThrownBy(() -> TrustedProxies.ranges("10\\.0\\..*")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> TrustedProxies.ranges("10.0.0.0/40")).hasMessageContaining("10.0.0.0/40");
    }

    @Test
    void theFrameworkStrategyWhichBelievesAnyClientAndBootsOwnProxySettingsAreRefused() {
        assertThatThrownBy(() -> new TrustedProxies("", "framework").customize(new TomcatServletWebServerFactory()))
                .hasMessageContaining("framework").hasMessageContaining("tapdesk.proxy.trusted");
        assertThatThrownBy(() -> new TrustedProxies("10.0.0.1", "none").customize(new TomcatServletWebServerFactory()))
                .hasMessageContaining("native");
        assertThatThrownBy(() -> new TrustedProxies("", "native", "10\\.0\\..*").customize(new TomcatServletWebServerFactory()))
                .hasMessageContaining("tapdesk.proxy.trusted");
    }

    @Test
    void theAuditAddressIsTheClientWithTheProxyBesideItAndNothingElse() {
        var direct = new MockHttpServletRequest();
        direct.setRemoteAddr("127.0.0.1");
        direct.setAttribute(TrustedProxies.PEER_ATTRIBUTE, "127.0.0.1");
        assertThat(ClientAddress.of(direct)).isEqualTo("127.0.0.1");

        var forwarded = new MockHttpServletRequest();
        forwarded.setRemoteAddr("2001:db8::7");
        forwarded.setAttribute(TrustedProxies.PEER_ATTRIBUTE, "172.30.80.1");
        assertThat(ClientAddress.of(forwarded)).isEqualTo("2001:db8::7 (via 172.30.80.1)");

        var formula = new MockHttpServletRequest();
        formula.setRemoteAddr("=HYPERLINK(\"http://x\")");
        formula.setAttribute(TrustedProxies.PEER_ATTRIBUTE, "172.30.80.1");
        assertThat(ClientAddress.of(formula)).doesNotContain("=").doesNotContain("HYPERLINK").endsWith("(via 172.30.80.1)");
    }
}
