package io.tapdesk.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request sent from the address the shared test context trusts as its reverse proxy ({@link #PROXY_ADDRESS}, a
 * second loopback address), over a plain socket: Java's HTTP client cannot choose its local address.
 */
public final class ForwardedHeaders {

    /** The loopback address StackTest's context names in {@code tapdesk.proxy.trusted}. */
    public static final String PROXY_ADDRESS = "127.0.0.2";

    private ForwardedHeaders() {
    }

    /** The raw answer (status line, headers, body) to {@code method url} sent from {@link #PROXY_ADDRESS}. */
    public static String fromProxy(String method, String url, Map<String, String> headers, String body) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(PROXY_ADDRESS, 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(20000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method).append(' ').append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Connection: close\r\nAccept: text/html\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a raw answer. */
    public static int status(String answer) {
        return Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
    }

    /** The value of header {@code name} in a raw answer, or null. */
    public static String header(String answer, String name) {
        for (String line : answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
