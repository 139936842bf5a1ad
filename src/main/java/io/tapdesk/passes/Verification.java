package io.tapdesk.passes;

/** The ticket the pass belongs to and how the caller was verified; recorded with the action. */
public record Verification(String ticket, String method, String note) {
}
