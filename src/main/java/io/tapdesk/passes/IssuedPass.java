package io.tapdesk.passes;

/** A freshly created pass: the value (shown once) and its status. */
public record IssuedPass(PassSecret secret, PassStatus status) {
}
