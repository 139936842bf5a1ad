package io.tapdesk.audit;

import java.time.Instant;
import java.util.UUID;

/** One action as the audit page shows it: the intent (or single event) with its outcome. */
public record AuditRow(long id, Instant at, UUID actionId, String kind, String outcome, String operatorUpn,
                       String targetUpn, String ticket, String verificationMethod, String verificationNote,
                       Integer lifetimeMinutes, Boolean oneTime, Instant startAt, String graphRequestId,
                       String clientAddress, String detail) {
}
