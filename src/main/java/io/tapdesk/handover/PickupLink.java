package io.tapdesk.handover;

import java.time.Instant;

/**
 * A pickup link as made for sending: {@code url} = {@code ${tapdesk.public-base-url}/confirm/pickup/<token>}. It exists
 * only in memory and in the message that carries it; the database keeps only the token's SHA-256 hash.
 */
public record PickupLink(String url, Instant expires) {

    @Override
    public String toString() {
        // the URL opens the pickup page (not the pass); still, keep it out of log lines by accident
        return "PickupLink[expires=" + expires + "]";
    }
}
