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
 * @param handOverId a {@code pickup-link} message: the hand-over whose link replaces {@link #PICKUP_LINK_PLACEHOLDER}
 *                   in the body when it is sent (the stored body never holds the link); otherwise null
 */
public record Message(Kind kind, List<String> recipients, String subject, String body, String language, UUID actionId,
                      String personId, Long handOverId) {

    /** Where a {@code pickup-link} body has its link: filled in at send time ({@link PickupLinkMinting}). */
    public static final String PICKUP_LINK_PLACEHOLDER = "{{pickup-link}}";

    /** A message about no hand-over. */
    public Message(Kind kind, List<String> recipients, String subject, String body, String language, UUID actionId,
                   String personId) {
        this(kind, recipients, subject, body, language, actionId, personId, null);
    }

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
        if ((kind == Kind.PICKUP_LINK) != (handOverId != null)) {
            throw new IllegalArgumentException("a pickup-link message, and only that, names its hand-over");
        }
    }
}
