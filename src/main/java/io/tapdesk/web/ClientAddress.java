package io.tapdesk.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address recorded in the audit trail for a request: the client, and when a trusted proxy forwarded it, the
 * proxy too: {@code "203.0.113.7 (via 172.30.0.2)"}. The client address is the socket's peer unless that peer is a
 * trusted proxy ({@link TrustedProxies}); the peer is never taken from a header. Characters an address cannot hold are
 * shown as {@code ?}, so no header value reaches the trail (or a spreadsheet) as text of its own.
 */
public final class ClientAddress {

    private static final int MAX = 64;

    private ClientAddress() {
    }

    /** {@code client} or {@code client (via peer)}; {@code ?} marks what is not part of an IP address. */
    public static String of(HttpServletRequest request) {
        String client = safe(request.getRemoteAddr());
        Object peer = request.getAttribute(TrustedProxies.PEER_ATTRIBUTE);
        if (!(peer instanceof String p) || p.isEmpty() || safe(p).equals(client)) {
            return client;
        }
        return client + " (via " + safe(p) + ")";
    }

    static String safe(String address) {
        if (address == null) {
            return "";
        }
        String cut = address.length() > MAX ? address.substring(0, MAX) : address;
        return cut.replaceAll("[^0-9A-Fa-f.:%\\[\\]]", "?");
    }
}
