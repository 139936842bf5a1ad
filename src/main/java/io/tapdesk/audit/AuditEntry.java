package io.tapdesk.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit row's content (everything the hash covers except the previous hash). Never the pass value.
 * {@code at} is truncated to microseconds, PostgreSQL's precision, so the stored row hashes the same.
 */
public record AuditEntry(Instant at, UUID actionId, String kind, String phase, String outcome,
                         String operatorOid, String operatorUpn, String targetId, String targetUpn,
                         String ticket, String verificationMethod, String verificationNote,
                         Integer lifetimeMinutes, Boolean oneTime, Instant startAt,
                         String graphRequestId, String clientAddress, String detail) {

    public AuditEntry {
        // null only in a row changed by hand (the column is not null); read it, so its MAC names the row
        at = at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        startAt = startAt == null ? null : startAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** The row in a fixed order, each field length-prefixed so no two rows encode alike. */
    String canonical() {
        StringBuilder sb = new StringBuilder();
        for (Object field : new Object[]{at, actionId, kind, phase, outcome, operatorOid, operatorUpn, targetId,
                targetUpn, ticket, verificationMethod, verificationNote, lifetimeMinutes, oneTime, startAt,
                graphRequestId, clientAddress, detail}) {
            if (field == null) {
                sb.append("-;");
            } else {
                String text = field.toString();
                sb.append(text.length()).append(':').append(text).append(';');
            }
        }
        return sb.toString();
    }
}
