package io.tapdesk.outbox;

import java.time.Instant;
import java.util.List;

/**
 * A message as /admin/outbox lists it: everything but its subject and body.
 *
 * @param lastError Graph's status, code and request ids of the last failed attempt, or null
 * @param about     a pickup link: the person the pass is for, "name (UPN)" as its hand-over stored them; else null
 */
public record OutboxRow(long id, Message.Kind kind, List<String> recipients, State state, int attempts, String lastError,
                        Instant createdAt, Instant sentAt, String personId, String about) {

    public enum State {
        QUEUED, SENT, DEAD;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
