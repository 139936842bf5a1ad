package io.tapdesk.directory;

/** A freshly created pass: the value (shown once), its status, and Graph's request-id for the audit trail. */
public record IssuedPass(PassSecret secret, PassStatus status, String graphRequestId) {
}
