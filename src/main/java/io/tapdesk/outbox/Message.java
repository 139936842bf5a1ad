package io.tapdesk.outbox;

import java.util.List;
import java.util.UUID;

/**
 * One message to send. Never a secret: the body is stored in PostgreSQL until it is sent, and shown to nobody.
 *
 * @param recipients addresses, at least one
 * @param body       plain text
 * @param language   the languages it is written in, e.g. {@code en,nl}
 * @param actionId   the audit action it is about, or null
 * @param personId   the person it is about (object id), or null
 */
public record Message(Kind kind, List<String> recipients, String subject, String body, String language, UUID actionId,
                      String personId) {

    public enum Kind {
        NOTICE_ISSUE("notice-issue"), NOTICE_REPLACE("notice-replace"), NOTICE_REVOKE("notice-revoke"),
        NOTICE_UNKNOWN("notice-unknown"), ALERT("alert"),
        /** A hand-over's pickup link (issue 19): a link to sign in and see the pass, never the pass. */
        PICKUP_LINK("pickup-link");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The stored name, e.g. {@code notice-issue}. */
        public String code() {
            return code;
        }

        public static Kind of(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown outbox kind " + code);
        }
    }

    public Message {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs a recipient");
        }
    }
}
