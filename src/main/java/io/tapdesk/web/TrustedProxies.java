package io.tapdesk.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} are honoured only from the proxies named in
 * {@code tapdesk.proxy.trusted} (addresses or CIDR ranges, comma-separated; empty, the default: from nobody). Tomcat's
 * {@link RemoteIpValve} does the work ({@code server.forward-headers-strategy: native}); this sets its internal proxies
 * to exactly that list, replacing Boot's default (every private range), and never trusts a further proxy named in
 * the headers. Start-up fails on an entry that is not an address or range (a host name would need DNS; a regular
 * expression is easy to get too wide) and on {@code server.forward-headers-strategy: framework}, which believes any
 * client. A second valve keeps the socket's peer for the audit trail ({@link ClientAddress}).
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    /** The request attribute holding the connection's peer address, whatever the forwarded headers said. */
    static final String PEER_ATTRIBUTE = "io.tapdesk.peer-address";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final String trusted;
    private final String strategy;
    private final String bootsOwn;

    @Autowired
    TrustedProxies(@Value("${tapdesk.proxy.trusted:}") String trusted,
                   @Value("${server.forward-headers-strategy:none}") String strategy,
                   @Value("${server.tomcat.remoteip.internal-proxies:}${server.tomcat.remoteip.trusted-proxies:}") String bootsOwn) {
        this.trusted = trusted;
        this.strategy = strategy;
        this.bootsOwn = bootsOwn;
    }

    /** For tests: no Boot proxy settings. */
    TrustedProxies(String trusted, String strategy) {
        this(trusted, strategy, "");
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        String ranges = ranges(trusted);
        if (!bootsOwn.isBlank()) {
            // Boot's own settings would be replaced here without a word: say where the proxies go instead
            throw new IllegalStateException("server.tomcat.remoteip.internal-proxies and .trusted-proxies are not used by "
                    + "TapDesk; name the proxy's addresses in tapdesk.proxy.trusted (TAPDESK_PROXY_TRUSTED)");
        }
        if ("framework".equalsIgnoreCase(strategy.trim())) {
            throw new IllegalStateException("server.forward-headers-strategy=framework believes X-Forwarded-* from any "
                    + "client; use native (the default) and name the proxy in tapdesk.proxy.trusted");
        }
        RemoteIpValve valve = factory.getEngineValves().stream().filter(RemoteIpValve.class::isInstance)
                .map(RemoteIpValve.class::cast).findFirst().orElse(null);
        if (valve == null && !ranges.isEmpty()) {
            throw new IllegalStateException("tapdesk.proxy.trusted is set, but server.forward-headers-strategy is not "
                    + "native: the forwarded headers would be ignored");
        }
        if (valve != null) {
            trustOnly(valve, ranges);
        }
        factory.addContextValves(new PeerAddress());
    }

    /** Runs after Boot's own customizer, which makes the valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Makes {@code valve} honour the forwarded headers from {@code ranges} (see {@link #ranges}) and nobody else. */
    static RemoteIpValve trustOnly(RemoteIpValve valve, String ranges) {
        valve.setInternalProxies(ranges);
        valve.setTrustedProxies(null);
        return valve;
    }

    /**
     * {@code tapdesk.proxy.trusted} as Tomcat's CIDR list: each entry an IPv4 or IPv6 address (taken as /32 or /128)
     * or range; "" for none.
     *
     * @throws IllegalStateException naming the first entry that is neither
     */
    static String ranges(String configured) {
        List<String> out = new ArrayList<>();
        for (String raw : configured == null ? new String[0] : configured.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            boolean v4 = IPV4.matcher(address).matches();
            if (!v4 && !IPV6.matcher(address).matches()) {
                throw new IllegalStateException("tapdesk.proxy.trusted: '" + entry + "' is not an IP address or CIDR range "
                        + "(e.g. 172.30.0.0/24, 10.0.0.5, fd00::/8)");
            }
            String range = slash < 0 ? entry + (v4 ? "/32" : "/128") : entry;
            try {
                new NetMask(range);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tapdesk.proxy.trusted: '" + entry + "' is not a valid address or range: "
                        + e.getMessage());
            }
            out.add(range);
        }
        return String.join(", ", out);
    }

    /**
     * Keeps the connection's peer in {@link #PEER_ATTRIBUTE}. A context valve runs after the engine's
     * {@link RemoteIpValve}, and {@link Request#getPeerAddr()} is never changed by it.
     */
    static final class PeerAddress extends ValveBase {

        PeerAddress() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(PEER_ATTRIBUTE, request.getPeerAddr());
            Valve next = getNext();
            next.invoke(request, response);
        }
    }
}
